/** @module Pure desired state: a Deployment, its Job and the Hosts → the Tasks that should exist. */
import {
  API_VERSION,
  type Deployment,
  type Host,
  type HostSelector,
  type Job,
  jobId,
  matchesAll,
  parseHostSelector,
  type TaskSpec,
  taskName,
} from '../../apis/index.js'

export interface DesiredTask {
  name: string
  spec: TaskSpec
}

/**
 * Target hosts: every host named in `spec.hosts` (registered or not, so a Task waits for an agent that
 * has yet to start, as Helios allowed) plus every registered, schedulable host matching `hostSelector`.
 */
export function targetHosts(deployment: Deployment, hosts: readonly Host[]): string[] {
  const selectors = deployment.spec.hostSelector
    .map(parseHostSelector)
    .filter((s): s is HostSelector => typeof s !== 'string')
  const selected = hosts
    .filter((h) => !h.spec.unschedulable && matchesAll(h.metadata.labels, selectors))
    .map((h) => h.metadata.name)
  return [...new Set([...deployment.spec.hosts, ...selected])].sort(alphaNumeric)
}

/** The Tasks a Deployment wants, one per target host, each carrying a copy of the Job's spec. */
export function desiredTasks(deployment: Deployment, job: Job, hosts: readonly Host[]): DesiredTask[] {
  const id = job.status?.id ?? jobId(job.metadata.name, job.spec)
  return targetHosts(deployment, hosts).map((host) => ({
    name: taskName(deployment.metadata.name, host),
    spec: {
      host,
      deployment: deployment.metadata.name,
      job: job.metadata.name,
      jobId: id,
      jobSpec: job.spec,
      goal: deployment.spec.goal,
    },
  }))
}

/** A new Task object for the apiserver. */
export const newTask = (desired: DesiredTask) => ({
  apiVersion: API_VERSION,
  kind: 'Task' as const,
  metadata: { name: desired.name, labels: {}, annotations: {} },
  spec: desired.spec,
})

/** Whether a stored Task's spec differs from what is desired (only these fields are ours to set). */
export const taskDrifted = (actual: TaskSpec, desired: TaskSpec): boolean =>
  actual.jobId !== desired.jobId || actual.goal !== desired.goal || actual.host !== desired.host

// Helios sorts hosts alphanumerically with numeric runs compared as numbers (web2 < web10).
const alphaNumeric = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })
