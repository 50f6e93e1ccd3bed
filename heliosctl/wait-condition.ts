/** @module Pure verdicts for `heliosctl wait --for=state=S`: is an object there yet, will it never be, and how far is it. */
import {
  type Deployment,
  type Host,
  HostState,
  isSurgeTask,
  type Kind,
  RolloutState,
  type Task,
  TaskState,
} from '../apis/index.js'
import { currentRollout, rolloutVerdict } from './rollout-progress.js'

export type Verdict =
  | { phase: 'met' }
  /** It will not get there by waiting (a FAILED rollout, a FAILED or throttled Task). */
  | { phase: 'failed'; reason: string }
  /** How far it is, for the timeout message: `state ROLLING_OUT, 1/2 tasks RUNNING`. */
  | { phase: 'waiting'; summary: string }

/** The states `--for=state=S` accepts per kind; Jobs and Events have none (only `--for=delete`). */
export function statesOf(kind: Kind): readonly string[] {
  if (kind === 'Task') return TaskState.options
  if (kind === 'Host') return HostState.options
  if (kind === 'Deployment') return [...TaskState.options, ...RolloutState.options.filter((s) => s !== 'FAILED')]
  return []
}

/** Whether the agent's status describes the Task's current Job and goal (not one it ran before). */
export const isCurrent = (t: Task): boolean =>
  t.status !== undefined &&
  (t.status.jobId === undefined || t.status.jobId === t.spec.jobId) &&
  (t.status.goal === undefined || t.status.goal === t.spec.goal)

/** A Task: its status.state; waiting for RUNNING ends early when it is FAILED or throttled. */
export function taskVerdict(t: Task, want: string): Verdict {
  const status = t.status
  if (status && isCurrent(t) && status.state === want) return { phase: 'met' }
  const trouble = want === 'RUNNING' ? taskTrouble(t) : undefined
  if (trouble) return { phase: 'failed', reason: trouble }
  return { phase: 'waiting', summary: status ? `state ${status.state}` : 'no status yet' }
}

/** A Host: UP or DOWN. */
export function hostVerdict(h: Host, want: string): Verdict {
  const state = h.status?.state ?? 'UNKNOWN'
  return state === want ? { phase: 'met' } : { phase: 'waiting', summary: `state ${state}` }
}

/**
 * A Deployment: a rollout state (IDLE, ROLLING_OUT, DONE) of the current generation, or a Task state
 * every one of its Tasks has reached. RUNNING also needs the rollout of the current generation DONE.
 */
export function deploymentVerdict(d: Deployment, tasks: readonly Task[], want: string): Verdict {
  const own = tasks.filter((t) => t.spec.deployment === d.metadata.name && !isSurgeTask(t.metadata.name))
  const rollout = currentRollout(d)
  const state = d.status?.rollout?.state ?? 'IDLE'
  if ((RolloutState.options as readonly string[]).includes(want))
    return rollout?.state === want ? { phase: 'met' } : { phase: 'waiting', summary: `state ${state}` }
  const reached = own.filter((t) => isCurrent(t) && t.status?.state === want)
  const summary = `state ${state}, ${reached.length}/${own.length} tasks ${want}`
  if (want === 'RUNNING') {
    const verdict = rolloutVerdict(d)
    if (verdict.phase === 'failed')
      return { phase: 'failed', reason: `rollout of ${d.spec.job} failed: ${verdict.error}` }
    const troubled = own.map(taskTrouble).find(Boolean)
    if (troubled) return { phase: 'failed', reason: troubled }
    if (verdict.phase !== 'done') return { phase: 'waiting', summary }
  } else if (d.status?.observedGeneration !== d.metadata.generation) return { phase: 'waiting', summary }
  return reached.length === own.length ? { phase: 'met' } : { phase: 'waiting', summary }
}

/** `task/web@h1 is FAILED: <error>` or `… is throttled (FLAPPING)`, for a Task that will not run by waiting. */
function taskTrouble(t: Task): string | undefined {
  const status = t.status
  if (!status || !isCurrent(t)) return undefined
  const why = status.containerError ? `: ${status.containerError}` : ''
  if (status.state === 'FAILED') return `task/${t.metadata.name} is FAILED${why}`
  if (status.throttled !== 'NO')
    return `task/${t.metadata.name} is throttled (${status.throttled}, state ${status.state})${why}`
  return undefined
}
