/** @module Pure desired state: which hosts a Deployment targets, and the Task spec it wants on each. */
import {
  API_VERSION,
  type Deployment,
  goalOn,
  type Host,
  type HostSelector,
  hostLabels,
  type Job,
  jobId,
  matchesAll,
  parseHostSelector,
  type TaskSpec,
} from '../../apis/index.js'

export interface DesiredTask {
  name: string
  spec: TaskSpec
}

/**
 * Target hosts (without `replicas`): every host named in `spec.hosts` (registered or not, so a Task waits for
 * an agent that has yet to start, as Helios allowed) plus every registered host matching `hostSelector`.
 * A cordoned host keeps the selector Task it already has (`withTasks`) but gets no new one; a drained host
 * loses its selector Task. Named hosts are the user's explicit choice and keep theirs either way.
 */
export function targetHosts(
  deployment: Deployment,
  hosts: readonly Host[],
  withTasks: ReadonlySet<string> = new Set(),
): string[] {
  const selectors = deployment.spec.hostSelector
    .map(parseHostSelector)
    .filter((s): s is HostSelector => typeof s !== 'string')
  const selected = hosts
    .filter((h) => !h.spec.drain && (!h.spec.unschedulable || withTasks.has(h.metadata.name)))
    .filter((h) => matchesAll(hostLabels(h), selectors))
    .map((h) => h.metadata.name)
  return [...new Set([...deployment.spec.hosts, ...selected])].sort(alphaNumeric)
}

/** The full id `name:version:hash` of a Job (the apiserver's, or computed for a Job not yet stored). */
export const idOfJob = (job: Job): string => job.status?.id ?? jobId(job.metadata.name, job.spec)

/** The spec of a Task running `job` on `host` for this Deployment, with its goal and restartedAt. */
export function taskSpecFor(deployment: Deployment, job: Job, host: string): TaskSpec {
  return {
    host,
    deployment: deployment.metadata.name,
    job: job.metadata.name,
    jobId: idOfJob(job),
    jobSpec: job.spec,
    goal: goalOn(deployment, host),
    ...(deployment.spec.restartedAt ? { restartedAt: deployment.spec.restartedAt } : {}),
  }
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
  actual.jobId !== desired.jobId ||
  actual.job !== desired.job ||
  actual.goal !== desired.goal ||
  actual.host !== desired.host ||
  actual.restartedAt !== desired.restartedAt

// Helios sorts hosts alphanumerically with numeric runs compared as numbers (web2 < web10).
const collator = new Intl.Collator('en', { numeric: true })
/** One collator for every comparison: localeCompare with options builds one per call, a hot spot at 1,000 hosts. */
export const alphaNumeric = (a: string, b: string): number => collator.compare(a, b)
