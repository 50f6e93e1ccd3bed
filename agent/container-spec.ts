/** @module Task + bound ports + agent settings → the container to create (pure): deterministic name, labels, ports, env, volumes, limits. */
import { createHash } from 'node:crypto'
import { canonicalJson, type JobSpec, MAIN_CONTAINER, registeredEndpoints, type Task } from '../apis/index.js'
import type { TaskPorts } from './ports.js'
import type { ContainerSpec, PortBinding } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { isComposite, portEnv, unitPorts } from './unit-members.js'

/** Helios' default `secondsToWaitBeforeKill`. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 120

/** `helios-<task>-<first 7 of the job hash>`, with the task name reduced to Docker's name characters. */
export function containerName(taskName: string, jobId: string): string {
  const hash = jobId.split(':')[2] ?? jobId
  return `helios-${taskName.replace(/[^a-zA-Z0-9_.-]/g, '_')}-${hash.slice(0, 7)}`
}

/**
 * What the agent adds to every container it creates, from its flags `--env`, `--dns`, `--bind` and
 * `--add-host` (Helios' agent did the same).
 *
 * These are agent configuration, not Job configuration, so they are deliberately NOT part of
 * {@link specHash}: restarting an agent with other flags must not replace every container it runs
 * (a fleet-wide restart nobody asked for). New settings reach a task when its container is next
 * created: after an exit, a redeploy or a new Job version. `helios.agent-settings` (a hash of them)
 * on each container shows which settings it was created with.
 */
export interface AgentContainerSettings {
  /** Below HELIOS_PORT_* and the Job's env: the Job wins. */
  env: Readonly<Record<string, string>>
  /** HostConfig.Dns. */
  dns: readonly string[]
  /** `source:/container/path[:ro|rw]`, after the Job's volumes; a path the Job mounts itself is left to the Job. */
  binds: readonly string[]
  /** HostConfig.ExtraHosts, `name:ip`. */
  extraHosts: readonly string[]
}

export const NO_AGENT_SETTINGS: AgentContainerSettings = { env: {}, dns: [], binds: [], extraHosts: [] }

/**
 * Changes whenever the Job would be run differently: the Job spec, a bound host port, a restart asked
 * for (`restartedAt`), never agent settings. `restartedAt` counts only when set, so containers created
 * before it existed keep their hash.
 */
export function specHash(jobSpec: JobSpec, ports: TaskPorts, restartedAt?: string): string {
  const identity = restartedAt === undefined ? { jobSpec, ports } : { jobSpec, ports, restartedAt }
  return createHash('sha1')
    .update(canonicalJson(identity) ?? '')
    .digest('hex')
}

/**
 * Docker-init is PID 1 (`Init: true`): SIGTERM from `docker stop` reaches the server, and zombies
 * are reaped. Without it a server running as PID 1 that installs no SIGTERM handler ignores the
 * signal (the kernel drops default-action signals to PID 1) and every stop waits out the kill timeout.
 */
export function buildContainerSpec(
  task: Task,
  ports: TaskPorts,
  hostName: string,
  agent: AgentContainerSettings = NO_AGENT_SETTINGS,
): ContainerSpec {
  const job = task.spec.jobSpec
  const stopTimeout = job.secondsToWaitBeforeKill ?? DEFAULT_STOP_TIMEOUT_SECONDS
  const env = { ...agent.env, ...portEnv(ports, hostName), ...job.env } // the job's own env wins, as in Helios
  // The main container publishes every port of the unit: its sidecars live in its network namespace.
  const declared = unitPorts(job)
  const exposed: ContainerSpec['ExposedPorts'] = {}
  const bindings: Record<string, PortBinding[]> = {}
  for (const [name, p] of Object.entries(ports)) {
    const key = `${p.internalPort}/${p.protocol}`
    exposed[key] = {}
    bindings[key] = [...(bindings[key] ?? []), { HostIp: declared[name]?.ip ?? '', HostPort: String(p.externalPort) }]
  }
  const endpoints = registeredEndpoints(job.registration)
  const { binds, anonymous } = volumesOf(job.volumes)
  const mounted = new Set([...Object.keys(job.volumes), ...Object.keys(job.ramdisks)].map((t) => t.split(':')[0]))
  binds.push(...agent.binds.filter((b) => !mounted.has(b.split(':')[1])))
  // A container sharing another's network namespace gets its DNS and /etc/hosts from it (Docker refuses both).
  const ownNetwork = !job.networkMode?.startsWith('container:')
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
      [LABEL.specHash]: specHash(job, ports, task.spec.restartedAt),
      [LABEL.ports]: JSON.stringify(ports),
      [LABEL.gracePeriod]: String(job.gracePeriod ?? 0),
      ...(endpoints.length > 0 ? { [LABEL.endpoints]: endpoints.join(',') } : {}),
      [LABEL.stopTimeout]: String(stopTimeout),
      ...(hasAgentSettings(agent) ? { [LABEL.agentSettings]: agentSettingsHash(agent) } : {}),
      ...(isComposite(job) ? { [LABEL.container]: MAIN_CONTAINER } : {}),
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
      ...(ownNetwork && agent.dns.length > 0 ? { Dns: [...agent.dns] } : {}),
      ...(ownNetwork && agent.extraHosts.length > 0 ? { ExtraHosts: [...agent.extraHosts] } : {}),
    },
  }
}

export const hasAgentSettings = (a: AgentContainerSettings): boolean =>
  Object.keys(a.env).length + a.dns.length + a.binds.length + a.extraHosts.length > 0

/** Short hash of the agent settings a container was created with (a label, for humans; never compared). */
export function agentSettingsHash(agent: AgentContainerSettings): string {
  return createHash('sha1')
    .update(canonicalJson(agent) ?? '')
    .digest('hex')
    .slice(0, 12)
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
