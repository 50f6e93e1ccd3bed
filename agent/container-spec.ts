/** @module Task + bound ports → the container to create (pure): deterministic name, labels, ports, env, volumes, limits. */
import { createHash } from 'node:crypto'
import { canonicalJson, type JobSpec, type Task } from '../apis/index.js'
import type { TaskPorts } from './ports.js'
import type { ContainerSpec, PortBinding } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'

/** Helios' default `secondsToWaitBeforeKill`. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 120

/** `helios-<task>-<first 7 of the job hash>`, with the task name reduced to Docker's name characters. */
export function containerName(taskName: string, jobId: string): string {
  const hash = jobId.split(':')[2] ?? jobId
  return `helios-${taskName.replace(/[^a-zA-Z0-9_.-]/g, '_')}-${hash.slice(0, 7)}`
}

/** Changes whenever the container would be created differently: the Job spec or a bound host port. */
export function specHash(jobSpec: JobSpec, ports: TaskPorts): string {
  return createHash('sha1')
    .update(canonicalJson({ jobSpec, ports }) ?? '')
    .digest('hex')
}

/**
 * Docker-init is PID 1 (`Init: true`): SIGTERM from `docker stop` reaches the server, and zombies
 * are reaped. Without it a server running as PID 1 that installs no SIGTERM handler ignores the
 * signal (the kernel drops default-action signals to PID 1) and every stop waits out the kill timeout.
 */
export function buildContainerSpec(task: Task, ports: TaskPorts, hostName: string): ContainerSpec {
  const job = task.spec.jobSpec
  const stopTimeout = job.secondsToWaitBeforeKill ?? DEFAULT_STOP_TIMEOUT_SECONDS
  const env: Record<string, string> = {}
  for (const [name, p] of Object.entries(ports)) env[`HELIOS_PORT_${name}`] = `${hostName}:${p.externalPort}`
  Object.assign(env, job.env) // the job's own env wins, as in Helios
  const exposed: ContainerSpec['ExposedPorts'] = {}
  const bindings: Record<string, PortBinding[]> = {}
  for (const [name, p] of Object.entries(ports)) {
    const key = `${p.internalPort}/${p.protocol}`
    exposed[key] = {}
    bindings[key] = [...(bindings[key] ?? []), { HostIp: job.ports[name]?.ip ?? '', HostPort: String(p.externalPort) }]
  }
  const { binds, anonymous } = volumesOf(job.volumes)
  return {
    name: containerName(task.metadata.name, task.spec.jobId),
    Image: job.image,
    ...(job.command.length > 0 ? { Cmd: [...job.command] } : {}),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...job.labels,
      [LABEL.managed]: 'true',
      [LABEL.host]: hostName,
      [LABEL.task]: task.metadata.name,
      [LABEL.job]: task.spec.jobId,
      [LABEL.specHash]: specHash(job, ports),
      [LABEL.ports]: JSON.stringify(ports),
      [LABEL.gracePeriod]: String(job.gracePeriod ?? 0),
      [LABEL.stopTimeout]: String(stopTimeout),
    },
    ...(job.hostname ? { Hostname: job.hostname } : {}),
    ExposedPorts: exposed,
    Volumes: anonymous,
    StopTimeout: stopTimeout,
    HostConfig: {
      Init: true,
      PortBindings: bindings,
      Binds: binds,
      ...resourcesOf(job),
      ...(job.networkMode ? { NetworkMode: job.networkMode } : {}),
      SecurityOpt: [...job.securityOpt],
      CapAdd: [...job.addCapabilities],
      CapDrop: [...job.dropCapabilities],
      Tmpfs: { ...job.ramdisks },
      ...(job.runtime ? { Runtime: job.runtime } : {}),
    },
  }
}

// Helios volumes map "/container/path[:ro|rw]" to a host path ("/..."), a named volume, or "" (anonymous).
function volumesOf(volumes: JobSpec['volumes']): { binds: string[]; anonymous: ContainerSpec['Volumes'] } {
  const binds: string[] = []
  const anonymous: ContainerSpec['Volumes'] = {}
  for (const [target, source] of Object.entries(volumes).sort()) {
    if (source === '') anonymous[target.split(':')[0] ?? target] = {}
    else binds.push(`${source}:${target}`)
  }
  return { binds, anonymous }
}

function resourcesOf(
  job: JobSpec,
): Pick<ContainerSpec['HostConfig'], 'Memory' | 'MemorySwap' | 'CpuShares' | 'CpusetCpus'> {
  const r = job.resources
  if (!r) return {}
  return {
    ...(r.memory !== undefined ? { Memory: r.memory } : {}),
    ...(r.memorySwap !== undefined ? { MemorySwap: r.memorySwap } : {}),
    ...(r.cpuShares !== undefined ? { CpuShares: r.cpuShares } : {}),
    ...(r.cpuset !== undefined ? { CpusetCpus: r.cpuset } : {}),
  }
}

/** The bound ports a container was created with, from its label (used to recover lost allocations). */
export function portsOfContainer(labels: Readonly<Record<string, string>>): TaskPorts | undefined {
  try {
    const parsed = JSON.parse(labels[LABEL.ports] ?? '') as unknown
    return parsed && typeof parsed === 'object' ? (parsed as TaskPorts) : undefined
  } catch {
    return undefined
  }
}
