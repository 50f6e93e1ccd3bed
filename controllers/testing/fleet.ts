/** @module Test and measurement fixture: a fleet's objects (Hosts, Jobs, Deployments, their RUNNING Tasks) as the caches hold them. */
import { Deployment, Host, Job, type Task, taskName } from '../../apis/index.js'
import { alphaNumeric, newTask, taskSpecFor } from '../deployment/desired.js'

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

/**
 * `hosts` hosts labelled role=fleet, and `deployments` Deployments d0… each of its own Job j0:v1… selecting them all,
 * with one RUNNING Task per (Deployment, host) whose spec is what the Deployment wants: a converged fleet.
 */
export function fleet(opts: { hosts: number; deployments: number; tasksPerDeployment?: boolean }): Fleet {
  const hosts = Array.from({ length: opts.hosts }, (_, i) => fleetHost(`h${i}`, { role: 'fleet' }))
  const jobs = Array.from({ length: opts.deployments }, (_, i) =>
    Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: `j${i}:v1` }, spec: { image: 'busybox' } }),
  )
  const names = hosts.map((h) => h.metadata.name).sort(alphaNumeric)
  const deployments = jobs.map((job, i) =>
    Deployment.parse({
      apiVersion: 'helios/v1',
      kind: 'Deployment',
      metadata: { name: `d${i}`, generation: 1 },
      spec: {
        job: job.metadata.name,
        hostSelector: ['role=fleet'],
        rollout: { parallelism: 1000, minHealthySeconds: 0 },
      },
      status: { observedGeneration: 1, hosts: names },
    }),
  )
  const tasks =
    opts.tasksPerDeployment === false
      ? []
      : deployments.flatMap((d, i) => {
          const job = jobs[i] as Job
          return names.map((host) => runningTask(d, job, host))
        })
  return { hosts, jobs, deployments, tasks }
}

function runningTask(d: Deployment, job: Job, host: string): Task {
  const task = newTask({ name: taskName(d.metadata.name, host), spec: taskSpecFor(d, job, host) })
  const at = iso(FLEET_T0)
  const status = { state: 'RUNNING', jobId: task.spec.jobId, runningSince: at, updatedAt: at, throttled: 'NO' }
  return {
    ...task,
    metadata: { ...task.metadata, uid: `${task.metadata.name}-uid` },
    status: { ...status, ports: {} },
  } as Task
}
