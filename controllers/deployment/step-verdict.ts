/** @module Pure verdict on one host step: done once healthy for minHealthySeconds, failed fast, or when to look again. */
import type { Task } from '../../apis/index.js'
import {
  exitFailure,
  isRunOnce,
  type RolloutTarget,
  type StepFailure,
  targetStatus,
  timeoutReason,
} from './task-progress.js'

export interface StepTimes {
  /** When the step began (epoch ms): exits and reports before it belong to an earlier attempt. */
  startedAt: number
  now: number
  /** How long the Task must have been RUNNING, without an exit, to count. */
  minHealthyMs: number
  /** How long it may take to reach RUNNING (the per-host timeout). */
  timeoutMs: number
  /** The timeout as the user wrote it, for the message. */
  timeoutSeconds: number
}

export type StepVerdict =
  | { kind: 'done' }
  | { kind: 'failed'; failure: StepFailure }
  /** Nothing to decide before `recheckAt` (epoch ms) unless the Task changes. */
  | { kind: 'waiting'; recheckAt: number }

/**
 * A host is done once its Task has been RUNNING (its health check passed) for `minHealthyMs` in a row: a RUNNING
 * status counts from its `runningSince`, which a restart moves, so a container that starts and dies a moment later
 * never lasts the window. An exit, a restart or FLAPPING since the step began fails it at once (`exitFailure`), and
 * it fails when it has not reached RUNNING within the timeout. Once RUNNING, the timeout no longer applies: the
 * window decides (Helios' timeout is the time to reach RUNNING).
 */
export function judgeStep(task: Task | undefined, target: RolloutTarget, times: StepTimes): StepVerdict {
  const failure = exitFailure(task, target, times.startedAt)
  if (failure) return { kind: 'failed', failure }
  const status = targetStatus(task, target)
  if (status?.state === 'SUCCEEDED' && isRunOnce(target.job)) return { kind: 'done' }
  if (status?.state === 'RUNNING') {
    const since = Date.parse(status.runningSince ?? status.updatedAt)
    // A status without a readable time (no agent writes one) counts from now, so it passes no window but zero.
    const healthyAt = (Number.isNaN(since) ? times.now : since) + times.minHealthyMs
    return times.now >= healthyAt ? { kind: 'done' } : { kind: 'waiting', recheckAt: healthyAt }
  }
  const deadline = times.startedAt + times.timeoutMs
  if (times.now >= deadline)
    return { kind: 'failed', failure: { reason: timeoutReason(task, target, times.timeoutSeconds), logTail: [] } }
  return { kind: 'waiting', recheckAt: deadline }
}
