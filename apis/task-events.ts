/** @module Task events: the Event of a Task's status change (the TaskState an agent reports) or of a corrected drift (pure). */
import { type Event, type EventType, eventName } from './event.js'
import { API_VERSION } from './meta.js'
import type { Task, TaskState, TaskStatus } from './task.js'

const MAX_MESSAGE = 1024

/** What an Event names of its Task: the Task, or what the labels of a deleted Task's container still tell of it. */
export interface TaskEventSubject {
  metadata: Pick<Task['metadata'], 'name'>
  spec: Pick<Task['spec'], 'host' | 'job' | 'jobId'>
}

export interface TaskEventFields {
  reason: string
  type: EventType
  message: string
  /** The task's status the event is about. */
  status: Pick<TaskStatus, 'state' | 'throttled' | 'containerId' | 'containerError' | 'exitCode' | 'passedThrough'>
  /** When it happened, epoch ms. */
  at: number
}

/** An Event about `task` from this host's agent, with the task fields history prints. */
export function taskEvent(task: TaskEventSubject, fields: TaskEventFields, random?: () => number): Event {
  const { state, throttled, containerId, containerError, exitCode, passedThrough } = fields.status
  const message = fields.message.length > MAX_MESSAGE ? `${fields.message.slice(0, MAX_MESSAGE - 1)}…` : fields.message
  return {
    apiVersion: API_VERSION,
    kind: 'Event',
    metadata: { name: eventName(task.metadata.name, fields.at, random), labels: {}, annotations: {} },
    involvedObject: { kind: 'Task', name: task.metadata.name },
    type: fields.type,
    reason: fields.reason,
    message,
    source: { component: 'agent', host: task.spec.host },
    timestamp: new Date(fields.at).toISOString(),
    task: {
      host: task.spec.host,
      job: task.spec.job,
      jobId: task.spec.jobId,
      state,
      throttled,
      ...(containerId !== undefined && { containerId }),
      ...(containerError !== undefined && { containerError }),
      ...(exitCode !== undefined && { exitCode }),
      ...(passedThrough !== undefined && passedThrough.length > 0 && { passedThrough }),
    },
  }
}

/** `STARTING container 1a2b3c4`, `EXITED container 1a2b3c4 (exit code 137) [FLAPPING]`, `FAILED: <error>`. */
export function stateMessage(status: TaskEventFields['status']): string {
  const parts: string[] = [status.state]
  if (status.containerId) parts.push(`container ${status.containerId.slice(0, 7)}`)
  if (status.exitCode !== undefined) parts.push(`(exit code ${status.exitCode})`)
  if (status.throttled !== 'NO') parts.push(`[${status.throttled}]`)
  const text = parts.join(' ')
  return status.containerError ? `${text}: ${status.containerError}` : text
}

/** A TaskState Event's type: Warning when the container exited or failed. */
export const taskStateType = (state: TaskState): EventType =>
  state === 'FAILED' || state === 'EXITED' ? 'Warning' : 'Normal'

/**
 * The TaskState event of a reported status, at its `updatedAt`: Warning when the container exited or failed. `task`
 * may be what a deleted Task's container labels tell of it (the agent's STOPPED of an undeployed Task).
 */
export const taskStateEvent = (
  task: TaskEventSubject,
  status: TaskEventFields['status'] & Pick<TaskStatus, 'updatedAt'>,
): Event =>
  taskEvent(task, {
    reason: 'TaskState',
    type: taskStateType(status.state),
    message: stateMessage(status),
    status,
    at: Date.parse(status.updatedAt),
  })
