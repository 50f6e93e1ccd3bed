/** @module Test helper: valid objects of every kind, with the fields tables print. */
import {
  type Deployment,
  type Host,
  type Job,
  type JobSpec,
  jobId,
  parseObject,
  type Task,
  type TaskStatus,
} from '../../apis/index.js'

/** Manifest texts for file-based verbs. */
export const JOB = 'apiVersion: helios/v1\nkind: Job\nmetadata: {name: "nginx:v1"}\nspec: {image: "nginx:1.7.1"}\n'
export const DEPLOYMENT =
  'apiVersion: helios/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec: {job: "nginx:v1", hosts: [web1]}\n'

export const T0 = Date.parse('2024-05-01T12:00:00Z')
export const at = (msAfterT0: number): string => new Date(T0 + msAfterT0).toISOString()

export function job(name: string, spec: Partial<JobSpec> = {}, created = at(0)): Job {
  const parsed = parseObject({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name, creationTimestamp: created },
    spec: { image: 'nginx:1.7.1', ...spec },
  }) as Job
  return { ...parsed, status: { id: jobId(name, parsed.spec) } }
}

export function deployment(
  name: string,
  jobName: string,
  hosts: string[],
  extra: Partial<Deployment['spec']> = {},
): Deployment {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name, creationTimestamp: at(0) },
    spec: { job: jobName, hosts, ...extra },
  }) as Deployment
}

type HostInfo = NonNullable<NonNullable<Host['status']>['hostInfo']>

/** Machine facts an agent reports: 4 cpus, 8 GiB with 2 free, load 0.5; override what a test prints. */
export const hostInfo = (facts: Partial<HostInfo> = {}): HostInfo => ({
  hostname: 'web1',
  os: 'Linux',
  architecture: 'x64',
  cpus: 4,
  memoryTotalBytes: 8 * 1024 ** 3,
  memoryFreeBytes: 2 * 1024 ** 3,
  loadAvg: 0.5,
  dockerVersion: '20.10.24',
  dockerApiVersion: '1.41',
  ...facts,
})

export function host(
  name: string,
  status: Partial<NonNullable<Host['status']>> = {},
  labels: Record<string, string> = {},
): Host {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name, labels, creationTimestamp: at(0) },
    status: { state: 'UP', lastHeartbeat: at(0), ...status },
  }) as Host
}

export function task(
  forJob: Job,
  hostName: string,
  status?: Partial<TaskStatus>,
  deploymentName = forJob.metadata.name.replace(':', '-'),
): Task {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: { name: `${deploymentName}@${hostName}`, creationTimestamp: at(0) },
    spec: {
      host: hostName,
      deployment: deploymentName,
      job: forJob.metadata.name,
      jobId: forJob.status?.id,
      jobSpec: forJob.spec,
      goal: 'START',
    },
    status: status && { state: 'RUNNING', updatedAt: at(0), ...status },
  }) as Task
}
