/** @module The Docker labels by which the agent recognizes its own containers, and touches no others. */

export const LABEL = {
  /** `true` on every container the agent created; without it a container is never touched. */
  managed: 'helios.managed',
  /** The agent (host) name that owns the container. */
  host: 'helios.host',
  /** The Task name `<deployment>@<host>`: how events and resyncs map a container back to its key. */
  task: 'helios.task',
  /** The Job's full id `name:version:hash`. */
  job: 'helios.job',
  /** Hash of the Job spec plus bound ports: a container with another hash is stale and replaced. */
  specHash: 'helios.spec-hash',
  /** JSON of the bound ports, so allocations survive a lost state dir. */
  ports: 'helios.ports',
  /** Seconds to wait before stopping (Job `gracePeriod`), needed when the Task is already gone. */
  gracePeriod: 'helios.grace-period',
  /**
   * The Endpoints names (`<service>.<protocol>`, comma-separated) the Job registers in: what a stop waits for the Task
   * to leave, known even when the Task is gone. Absent: none to wait for.
   */
  endpoints: 'helios.endpoints',
  /** Seconds between SIGTERM and SIGKILL (Job `secondsToWaitBeforeKill`, default 120). */
  stopTimeout: 'helios.stop-timeout',
  /** Hash of the agent's `--env/--dns/--bind/--add-host` the container was created with (informative only). */
  agentSettings: 'helios.agent-settings',
  /** The member of a composite Job's unit (`main` or a sidecar's name); absent on a single-container Job's container. */
  container: 'helios.container',
} as const

/** Label filters selecting the managed containers of one host (and optionally one Task). */
export function managedFilters(hostName: string, taskName?: string): string[] {
  const filters = [`${LABEL.managed}=true`, `${LABEL.host}=${hostName}`]
  if (taskName !== undefined) filters.push(`${LABEL.task}=${taskName}`)
  return filters
}

/** True when `labels` mark a container managed by the agent of `hostName`. */
export const isManagedBy = (labels: Readonly<Record<string, string>>, hostName: string): boolean =>
  labels[LABEL.managed] === 'true' && labels[LABEL.host] === hostName
