/** @module Pure reading of a Deployment's Tasks for `apply --wait` and `apply --watch`: the line to print, goal reached, or failed for good. */
import type { Task } from '../apis/index.js'

/** Throttles that mean the agent stopped trying for a while: waiting on would only run into the timeout. */
const GIVING_UP = new Set(['IMAGE_MISSING', 'IMAGE_PULL_FAILED', 'FLAPPING'])

/** `web@h1 RUNNING web:v2` (`(IMAGE_MISSING)` appended when throttled); undefined before the agent reported. */
export function taskLine(task: Task): string | undefined {
  const status = task.status
  if (!status) return undefined
  const job = status.jobId ? jobName(status.jobId) : task.spec.job
  const throttled = status.throttled !== 'NO' ? ` (${status.throttled})` : ''
  return `${task.metadata.name} ${status.state} ${job}${throttled}`
}

/** The state a Task's goal asks for. */
export const wantedState = (task: Task): 'RUNNING' | 'STOPPED' => (task.spec.goal === 'STOP' ? 'STOPPED' : 'RUNNING')

/** Whether the agent reports the Task's current Job in a state its goal accepts (taskLag says what is missing). */
export const atGoal = (task: Task): boolean => taskLag(task) === undefined

/** Why the Task failed for its current Job (throttled or FAILED), or undefined. */
export function taskProblem(task: Task): string | undefined {
  const status = task.status
  // A status about the previous Job says nothing about the one being rolled out.
  if (!status || (status.jobId !== undefined && status.jobId !== task.spec.jobId)) return undefined
  const detail = status.containerError ? `: ${status.containerError}` : ''
  if (GIVING_UP.has(status.throttled)) return `task ${task.metadata.name} ${status.throttled}${detail}`
  if (status.state === 'FAILED') return `task ${task.metadata.name} FAILED${detail}`
  return undefined
}

/** What a Task still waits for, for timeout messages: `web@h1 is STARTING, wants RUNNING`. */
export const taskWaiting = (task: Task): string =>
  `${task.metadata.name} is ${task.status?.state ?? 'not yet reported'}, wants ${wantedState(task)}`

// A job id is `name:version:hash`; people read `name:version`.
const jobName = (id: string): string => id.split(':').slice(0, 2).join(':')

/** Why a Task is not at its goal yet (START: running or finished a run-once Job; STOP: not running), else undefined. */
export function taskLag(task: Task): string | undefined {
  const ref = `task ${task.metadata.name}`
  const status = task.status
  if (!status) return `${ref} has no status yet`
  if (status.jobId !== task.spec.jobId || status.restartedAt !== task.spec.restartedAt)
    return `${ref} ${status.state} with ${status.jobId ?? 'no job'} (wants ${task.spec.jobId})`
  const reached =
    task.spec.goal === 'START'
      ? status.state === 'RUNNING' || status.state === 'SUCCEEDED'
      : status.state === 'STOPPED' || status.state === 'EXITED'
  if (reached) return undefined
  const throttled = status.throttled !== 'NO' ? `, ${status.throttled}` : ''
  const error = status.containerError ? `: ${status.containerError}` : ''
  return `${ref} ${status.state}${throttled}${error}`
}
