/** @module Pure judgments on one Task against a rollout target: current, done, or failed beyond waiting. */
import type { Job, Task, TaskSpec } from '../../apis/index.js'

/** What a rollout moves Tasks to: a Job (by name and id) and the Deployment's restartedAt. */
export interface RolloutTarget {
  job: Job
  jobId: string
  restartedAt: string | undefined
}

/** The Task's spec already asks for the target (the agent may not have got there yet). */
export const isCurrent = (spec: TaskSpec, target: RolloutTarget): boolean =>
  spec.jobId === target.jobId && spec.restartedAt === target.restartedAt

const isRunOnce = (job: Job): boolean => job.spec.restartPolicy === 'Never' || job.spec.restartPolicy === 'OnFailure'

/** The agent reports the target running (or, for a run-once Job, finished successfully). */
export function isDone(task: Task | undefined, target: RolloutTarget): boolean {
  const status = task?.status
  if (!task || !status || !isCurrent(task.spec, target)) return false
  if (status.jobId !== target.jobId || status.restartedAt !== target.restartedAt) return false
  return status.state === 'RUNNING' || (status.state === 'SUCCEEDED' && isRunOnce(target.job))
}

const HOPELESS_THROTTLES = new Set(['IMAGE_MISSING', 'IMAGE_PULL_FAILED', 'FLAPPING'])

/**
 * Why the Task can no longer reach the target, so the rollout fails without waiting for its timeout: the
 * agent gave up on the image or throttled a flapping container, or a Never-restarting container exited non-zero.
 */
export function hopelessReason(
  task: Task | undefined,
  target: RolloutTarget,
  stepStartedAt: string,
): string | undefined {
  const status = task?.status
  if (!task || !status || !isCurrent(task.spec, target) || status.jobId !== target.jobId) return undefined
  // A report from before this step (a retry of the same Job) says nothing about this attempt; the timeout still runs.
  if (Date.parse(status.updatedAt) < Date.parse(stepStartedAt)) return undefined
  const name = target.job.metadata.name
  if ((status.state === 'FAILED' || status.state === 'EXITED') && HOPELESS_THROTTLES.has(status.throttled))
    return `${name} ${status.throttled}: ${status.containerError ?? 'no container error reported'}`
  if (status.state === 'FAILED' && status.exitCode !== undefined && target.job.spec.restartPolicy === 'Never')
    return `${name} exited with code ${status.exitCode}${status.containerError ? `: ${status.containerError}` : ''}`
  return undefined
}

/** The message of a host step that ran out of time, naming the state the Task was stuck in. */
export function timeoutReason(task: Task | undefined, target: RolloutTarget, timeoutSeconds: number): string {
  const state = task?.status?.state ?? 'UNKNOWN'
  const error = task?.status?.containerError
  const detail = error ? `state ${state}; container error: ${error}` : `state ${state}`
  return `timed out after ${timeoutSeconds} s waiting for ${target.job.metadata.name} to reach RUNNING (${detail})`
}
