/** @module Pure judgments on one Task against a rollout target: current, reporting it, or failed beyond waiting. */
import type { HostFailure, Job, LastExit, Task, TaskSpec, TaskStatus } from '../../apis/index.js'

/** What a rollout moves Tasks to: a Job (by name and id) and the Deployment's restartedAt. */
export interface RolloutTarget {
  job: Job
  jobId: string
  restartedAt: string | undefined
}

/** Why a host step failed, without the host (the walk adds it). */
export type StepFailure = Omit<HostFailure, 'host'>

/** The Task's spec already asks for the target (the agent may not have got there yet). */
export const isCurrent = (spec: TaskSpec, target: RolloutTarget): boolean =>
  spec.jobId === target.jobId && spec.restartedAt === target.restartedAt

export const isRunOnce = (job: Job): boolean =>
  job.spec.restartPolicy === 'Never' || job.spec.restartPolicy === 'OnFailure'

/** The agent's status when it is about the target (its Job and restartedAt) on a current Task, else undefined. */
export function targetStatus(task: Task | undefined, target: RolloutTarget): TaskStatus | undefined {
  const status = task?.status
  if (!task || !status || !isCurrent(task.spec, target)) return undefined
  return status.jobId === target.jobId && status.restartedAt === target.restartedAt ? status : undefined
}

/** The agent reports the target running (or, for a run-once Job, finished successfully), for however long. */
export function isDone(task: Task | undefined, target: RolloutTarget): boolean {
  const status = targetStatus(task, target)
  return status?.state === 'RUNNING' || (status?.state === 'SUCCEEDED' && isRunOnce(target.job))
}

const GAVE_UP = new Set(['IMAGE_MISSING', 'IMAGE_PULL_FAILED'])

/**
 * Why the Task failed the target since `sinceMs` (epoch ms), so the rollout need not wait: its container exited
 * (restarted or not: the exit of a restarted container stays in `lastExit`), it flaps, or the agent gave up on the
 * image. Reports older than `sinceMs` (the last attempt's, before a retry) say nothing about this one.
 */
export function exitFailure(task: Task | undefined, target: RolloutTarget, sinceMs: number): StepFailure | undefined {
  const status = targetStatus(task, target)
  if (!status) return undefined
  const name = target.job.metadata.name
  const exit = status.lastExit
  if (exit && Date.parse(exit.at) >= sinceMs) return exited(name, status, exit)
  if (Date.parse(status.updatedAt) < sinceMs) return undefined
  if ((status.state === 'FAILED' || status.state === 'EXITED') && GAVE_UP.has(status.throttled))
    return {
      reason: `${name} ${status.throttled}: ${status.containerError ?? 'no container error reported'}`,
      logTail: [],
    }
  if (status.throttled === 'FLAPPING')
    return { reason: `${name} FLAPPING (state ${status.state})${suffix(status.containerError)}`, logTail: [] }
  const runOnceFailed = status.state === 'FAILED' && status.exitCode !== undefined && isRunOnce(target.job)
  if (status.state === 'EXITED' || runOnceFailed) return exited(name, status, undefined)
  return undefined
}

/** `web:v2 exited with code 3 after 2.5 s [FLAPPING]: container "proxy" exited with code 3`. */
function exited(name: string, status: TaskStatus, exit: LastExit | undefined): StepFailure {
  const code = exit?.exitCode ?? status.exitCode
  const ranMs = exit?.startedAt === undefined ? Number.NaN : Date.parse(exit.at) - Date.parse(exit.startedAt)
  // An engine may stamp a container that dies at once as finished a hair before it started: that is 0 s.
  const ran = Number.isFinite(ranMs) ? ` after ${(Math.max(0, ranMs) / 1000).toFixed(1)} s` : ''
  const flapping = status.throttled === 'FLAPPING' ? ' [FLAPPING]' : ''
  // A sidecar's exit is the unit's: its words say which container it was; a bare "exited with code N" adds nothing.
  const error = status.containerError && !/^exited( with code -?\d+)?$/.test(status.containerError)
  const what = code === undefined ? 'exited' : `exited with code ${code}`
  return {
    reason: `${name} ${what}${ran}${flapping}${error ? suffix(status.containerError) : ''}`,
    ...(code === undefined ? {} : { exitCode: code }),
    logTail: exit?.logTail ?? [],
  }
}

const suffix = (error: string | undefined) => (error ? `: ${error}` : '')

/** The message of a host step that ran out of time, naming the state the Task was stuck in. */
export function timeoutReason(task: Task | undefined, target: RolloutTarget, timeoutSeconds: number): string {
  const state = task?.status?.state ?? 'UNKNOWN'
  const error = task?.status?.containerError
  const detail = error ? `state ${state}; container error: ${error}` : `state ${state}`
  return `timed out after ${timeoutSeconds} s waiting for ${target.job.metadata.name} to reach RUNNING (${detail})`
}
