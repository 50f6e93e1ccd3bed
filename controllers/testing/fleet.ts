/** @module Test and measurement fixture: a fleet's objects (Hosts, Jobs, Deployments, their RUNNING Tasks) as the caches hold them, and a Writer that records what a reconciler writes. */
import {
  type AnyObject,
  Deployment,
  type DeploymentInput,
  Host,
  Job,
  jobId,
  type Task,
  taskName,
} from '../../apis/index.js'
import { alphaNumeric, newTask, taskSpecFor } from '../deployment/desired.js'
import type { Writer } from '../lister.js'

export interface Fleet {
  hosts: Host[]
  jobs: Job[]
  deployments: Deployment[]
  tasks: Task[]
}

export const FLEET_T0 = Date.parse('2026-01-01T00:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

export const fleetHost = (name: string, labels: Record<string, string>, beatAt = FLEET_T0): Host =>
  Host.parse({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name, labels },
    status: {
      state: 'UP',
      lastHeartbeat: iso(beatAt),
      hostInfo: {
        hostname: name,
        os: 'linux',
        architecture: 'x64',
        cpus: 2,
        memoryTotalBytes: 2 ** 33,
        memoryFreeBytes: 2 ** 32,
        loadAvg: 0.5,
      },
    },
  })

/** A host's next heartbeat: a new time and new free memory and load, nothing a controller reads. */
export const heartbeat = (host: Host, beatAt: number): Host => {
  const status = host.status
  if (!status?.hostInfo) throw new Error(`host ${host.metadata.name} has no status`)
  const hostInfo = { ...status.hostInfo, memoryFreeBytes: beatAt % 2 ** 32, loadAvg: (beatAt % 100) / 10 }
  return { ...host, status: { ...status, lastHeartbeat: iso(beatAt), hostInfo } }
}

/** A Job as stored (the apiserver sets its id on create). */
export const fleetJob = (name: string, spec: Partial<Job['spec']> = {}): Job => {
  const job = Job.parse({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name },
    spec: { image: 'busybox', ...spec },
  })
  return { ...job, status: { id: jobId(job.metadata.name, job.spec) } }
}

/** A Deployment of `job` whose status targets `hosts`, with one RUNNING Task of the Job on each (`tasks: false`: none). */
export function converged(
  name: string,
  job: Job,
  spec: Partial<DeploymentInput['spec']>,
  hosts: readonly string[],
  tasks = true,
): { deployment: Deployment; tasks: Task[] } {
  const deployment = Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name, generation: 1 },
    spec: { job: job.metadata.name, rollout: { parallelism: 1000, minHealthySeconds: 0 }, ...spec },
    status: { observedGeneration: 1, hosts: [...hosts].sort(alphaNumeric) },
  })
  return { deployment, tasks: tasks ? hosts.map((host) => runningTask(deployment, job, host)) : [] }
}

/**
 * `hosts` hosts labelled role=fleet, and `deployments` Deployments d0… each of its own Job j0:v1… selecting them all,
 * with one RUNNING Task per (Deployment, host) whose spec is what the Deployment wants: a converged fleet.
 */
export function fleet(opts: { hosts: number; deployments: number; tasks?: boolean }): Fleet {
  const hosts = Array.from({ length: opts.hosts }, (_, i) => fleetHost(`h${i}`, { role: 'fleet' }))
  const names = hosts.map((h) => h.metadata.name)
  const jobs = Array.from({ length: opts.deployments }, (_, i) => fleetJob(`j${i}:v1`))
  const made = jobs.map((job, i) => converged(`d${i}`, job, { hostSelector: ['role=fleet'] }, names, opts.tasks))
  return { hosts, jobs, deployments: made.map((m) => m.deployment), tasks: made.flatMap((m) => m.tasks) }
}

export function runningTask(d: Deployment, job: Job, host: string): Task {
  const task = newTask({ name: taskName(d.metadata.name, host), spec: taskSpecFor(d, job, host) })
  const at = iso(FLEET_T0)
  const status = { state: 'RUNNING', jobId: task.spec.jobId, runningSince: at, updatedAt: at, throttled: 'NO' }
  const metadata = { ...task.metadata, uid: `${task.metadata.name}-uid` }
  return { ...task, metadata, status: { ...status, ports: {} } } as Task
}

/** One write a reconciler made: `status` for updateStatus; `obj` the object given (none for a delete). */
export interface WriteCall {
  verb: 'create' | 'update' | 'status' | 'delete'
  kind: string
  name: string
  obj?: AnyObject
  opts?: { jobToken?: string }
  /** The error `refuse` made it fail with. */
  refused?: Error
}

/**
 * sample-controller's recorded actions: a Writer that appends every call to `calls` and answers with the object
 * written (`{}` for a delete); a call `refuse` returns an error for fails with it, and is recorded with it.
 */
export function recordingWriter(refuse: (call: WriteCall) => Error | undefined = () => undefined): {
  writer: Writer
  calls: WriteCall[]
} {
  const calls: WriteCall[] = []
  const record = async (call: WriteCall): Promise<never> => {
    const refused = refuse(call)
    calls.push(refused ? { ...call, refused } : call)
    if (refused) throw refused
    return (call.obj ?? {}) as never
  }
  const writing =
    (verb: 'create' | 'update' | 'status') => (kind: string, obj: unknown, opts?: { jobToken?: string }) =>
      record({ verb, kind, name: (obj as AnyObject).metadata.name, obj: obj as AnyObject, ...(opts ? { opts } : {}) })
  const writer: Writer = {
    create: writing('create'),
    update: writing('update'),
    updateStatus: writing('status'),
    delete: (kind, name, opts) => record({ verb: 'delete', kind, name, ...(opts ? { opts } : {}) }),
  }
  return { writer, calls }
}
