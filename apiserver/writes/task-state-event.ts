/** @module The TaskState Event of a Task status write, stored in the same transaction as the status (`?event=true`). */
import { Event, type Task, taskStateEvent } from '../../apis/index.js'
import { withWriterSource } from '../rules/event-source.js'
import type { WriteRequest } from './create.js'
import { serverEventName } from './server-fields.js'

/**
 * The Event an agent would send about `task`'s new status (apis/task-events.ts), from the writer's host and user as
 * any Event it posts, named from a cryptographic source. Undefined when the status says nothing to record (none), or
 * when its words make no valid Event (a time that is no time): the status is stored all the same.
 */
export function taskStateEventOf(task: Task, req: WriteRequest): Event | undefined {
  const { status } = task
  if (!status || Number.isNaN(Date.parse(status.updatedAt))) return undefined
  const event = taskStateEvent(task, status)
  const named = {
    ...event,
    metadata: { ...event.metadata, name: serverEventName(task.metadata.name, Date.parse(status.updatedAt)) },
  }
  const parsed = Event.safeParse(withWriterSource(named, req.client?.user))
  return parsed.success ? parsed.data : undefined
}
