/** @module What one reconcile of one Task works with: dependencies, the task's containers, its in-memory history. */
import type { Event, LastExit, Task, TaskStatus, Throttle } from '../apis/index.js'
import type { Clock, Log } from '../client/index.js'
import type { BackgroundOps, SettledOp } from './background-ops.js'
import type { AgentContainerSettings } from './container-spec.js'
import type { DesiredTasks } from './desired-tasks.js'
import type { TaskDiscovery } from './discovery/task-registrations.js'
import type { DriftWatch } from './drift.js'
import type { EndpointsLookup } from './endpoint-withdrawal.js'
import type { HealthProbe } from './health-check.js'
import type { PortBook } from './port-book.js'
import type { Run } from './restart-policy.js'
import type { ContainerRuntime, ContainerSummary } from './runtime/container-runtime.js'
import type { StatusWriter } from './status-writer.js'

export interface AgentDeps {
  hostName: string
  runtime: ContainerRuntime
  desired: DesiredTasks
  statuses: StatusWriter
  ports: PortBook
  ops: BackgroundOps
  probe: HealthProbe
  clock: Clock
  log: Log
  /** Added to every container created (agent `--env/--dns/--bind/--add-host`); not part of the spec hash. */
  containerSettings?: AgentContainerSettings
  /** Notices containers killed, stopped or removed by hand, and records it. */
  drift?: DriftWatch
  /** Whether a Task is still in some Endpoints (endpoint-withdrawal.ts); absent: the grace period starts at once. */
  endpoints?: EndpointsLookup
  /** Sends Events that no status write carries: the STOPPED of an undeployed Task, which has no status left. */
  events?: { record(event: Event): void }
  /** Announces RUNNING Tasks' registrations to the `--registrar` plugin; absent: none (hollow agents, tests). */
  discovery?: TaskDiscovery
}

/** Facts about a task that only this process knows; losing them on restart only resets backoffs. */
export interface TaskMemory {
  /** Finished runs, for flap detection. */
  runs: Run[]
  /** The container whose exit is already counted in `runs`. */
  lastExitId?: string
  /** The container that passed its health check. */
  healthyId?: string
  health?: { containerId: string; attempts: number; reason: string }
  /** When the grace period of stopping these containers began. */
  grace?: { ids: string; since: number }
  /** Since when the agent waits for the Task to leave its Endpoints before the grace period of `ids` begins. */
  withdrawing?: { ids: string; since: number }
  /** No new create or pull before this time (after an image or start failure). */
  retryAt?: number
  /** Consecutive create/start failures. */
  failures: number
  /** The last container this agent removed itself (its disappearance is no drift). */
  removedId?: string
  /** The container whose drift is already recorded. */
  driftNoticedId?: string
  /** The container of a deleted Task whose STOPPED is already recorded. */
  stoppedId?: string
  /** The Job id and restartedAt the history above belongs to: a new spec starts afresh (Helios' new Supervisor). */
  spec?: string
}

export const newTaskMemory = (): TaskMemory => ({ runs: [], failures: 0 })

export interface TaskContext {
  deps: AgentDeps
  name: string
  /** This task's managed containers on this host, any state. */
  containers: ContainerSummary[]
  memory: TaskMemory
  now: number
  /** The outcome of a background op that settled since the last reconcile. */
  settled: SettledOp | undefined
  /** Drops the task's memory (it is gone for good). */
  forget(): void
}

export interface ReportFields {
  state: TaskStatus['state']
  containerId?: string
  throttled?: Throttle
  exitCode?: number
  containerError?: string
  /** RUNNING only: when this container passed its health check. */
  runningSince?: string
  /** Given with an exit; otherwise the last status's values for the same spec are carried. */
  lastExit?: LastExit
  restartCount?: number
}

/**
 * Reports a status for `task`; written only if it differs from the last one. The last exit and the restart count
 * stay in every status of the same Job and restartedAt, so a rollout sees an exit it missed in between.
 */
export function report(ctx: TaskContext, task: Task, fields: ReportFields): Promise<void> {
  const last = lastStatus(ctx, task)
  const carried = sameSpec(last, task) ? last : undefined
  return ctx.deps.statuses.report(task, {
    state: fields.state,
    goal: task.spec.goal,
    jobId: task.spec.jobId,
    restartedAt: task.spec.restartedAt,
    containerId: fields.containerId,
    throttled: fields.throttled ?? 'NO',
    ports: ctx.deps.ports.current(ctx.name) ?? {},
    containerError: fields.containerError,
    exitCode: fields.exitCode,
    runningSince: fields.state === 'RUNNING' ? fields.runningSince : undefined,
    restartCount: fields.lastExit ? fields.restartCount : carried?.restartCount,
    lastExit: fields.lastExit ?? carried?.lastExit,
  })
}

/**
 * Forgets what an earlier Job or restartedAt went through: a new version is judged on its own exits, and neither
 * waits out the other's backoff (after a missing image, a revert to the old version must not wait 2 minutes).
 */
export function rememberSpec(memory: TaskMemory, task: Task): void {
  const spec = `${task.spec.jobId}|${task.spec.restartedAt ?? ''}`
  if (memory.spec === spec) return
  if (memory.spec !== undefined) {
    memory.runs = []
    memory.retryAt = undefined
    memory.failures = 0
  }
  memory.spec = spec
}

/** Whether `status` was reported for the spec the Task asks for now (its Job and restartedAt). */
export const sameSpec = (status: TaskStatus | undefined, task: Task): status is TaskStatus =>
  status !== undefined && status.jobId === task.spec.jobId && status.restartedAt === task.spec.restartedAt

/** The last status this agent reported, else the one the apiserver holds. */
export const lastStatus = (ctx: TaskContext, task: Task): TaskStatus | undefined =>
  ctx.deps.statuses.last(ctx.name) ?? task.status

export const isRunning = (c: ContainerSummary): boolean => c.state === 'running'

export const shortId = (id: string): string => id.slice(0, 12)
