/** @module FakeTaskApi: an in-memory stand-in for the apiserver's Tasks (the cache the agent reads, the status it writes). */
import { type AnyObject, ApiError, type Event, type Task, type TaskStatus, taskStateEvent } from '../../apis/index.js'
import type { TaskCache } from '../desired-tasks.js'
import type { StatusClient } from '../status-writer.js'

export class FakeTaskApi implements TaskCache, StatusClient {
  readonly tasks = new Map<string, Task>()
  /** Every accepted status write, in order. */
  readonly writes: Array<{ task: string; status: TaskStatus }> = []
  /** The TaskState Events of status writes sent with `event: true` (the apiserver stores them with the status). */
  readonly statusEvents: Event[] = []
  /** While true, status writes fail Unavailable. */
  down = false
  synced = true
  private version = 100

  /** Creates or replaces a Task as a controller would (a new resourceVersion, status kept unless given). */
  put(task: Task): void {
    const resourceVersion = String(++this.version)
    const status = task.status ?? this.tasks.get(task.metadata.name)?.status
    this.tasks.set(task.metadata.name, { ...task, metadata: { ...task.metadata, resourceVersion }, status })
  }

  /** Deletes and re-creates a Task in one go (no status), as an undeploy + deploy the agent never saw apart. */
  recreate(task: Task): void {
    this.tasks.delete(task.metadata.name)
    this.put({ ...task, status: undefined })
  }

  delete(name: string): void {
    this.tasks.delete(name)
  }

  hasSynced(): boolean {
    return this.synced
  }

  get(name: string): Task | undefined {
    return this.tasks.get(name)
  }

  list(): Task[] {
    return [...this.tasks.values()]
  }

  async updateStatus(_kind: 'Task', obj: AnyObject, opts: { event?: boolean } = {}): Promise<unknown> {
    if (this.down) throw new ApiError('Unavailable', 'cannot reach apiserver at http://127.0.0.1:5801 (ECONNREFUSED)')
    const task = this.tasks.get(obj.metadata.name)
    if (!task) throw new ApiError('NotFound', `task "${obj.metadata.name}" not found`)
    const status = obj.status as TaskStatus
    const resourceVersion = String(++this.version)
    const stored = { ...task, metadata: { ...task.metadata, resourceVersion }, status }
    this.tasks.set(task.metadata.name, stored)
    this.writes.push({ task: task.metadata.name, status })
    if (opts.event) this.statusEvents.push(taskStateEvent(stored, status))
    return stored
  }

  /** The states written for one task, in order. */
  states(name: string): string[] {
    return this.writes.filter((w) => w.task === name).map((w) => w.status.state)
  }

  lastStatus(name: string): TaskStatus | undefined {
    return this.tasks.get(name)?.status
  }
}
