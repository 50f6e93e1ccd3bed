/** @module DesiredTasks: this host's Tasks from the informer cache, or from tasks.json until the first sync. */
import type { Task } from '../apis/index.js'

/** What DesiredTasks needs of an Informer<'Task'>. */
export interface TaskCache {
  hasSynced(): boolean
  get(name: string): Task | undefined
  list(): Task[]
}

/**
 * The agent keeps converging when the apiserver is away: after the first sync the informer cache
 * keeps the last state it saw; before it, the snapshot from tasks.json stands in.
 */
export class DesiredTasks {
  constructor(
    private readonly cache: TaskCache,
    private readonly hostName: string,
    private readonly snapshot: readonly Task[] | undefined,
    private readonly save: (tasks: readonly Task[]) => void = () => {},
  ) {}

  /**
   * Whether a task missing here is really unwanted. With no sync and no snapshot (a fresh or
   * wiped state dir, apiserver away) nothing is known, and the agent must not remove containers.
   */
  isAuthoritative(): boolean {
    return this.cache.hasSynced() || this.snapshot !== undefined
  }

  get(name: string): Task | undefined {
    const task = this.cache.hasSynced() ? this.cache.get(name) : this.snapshot?.find((t) => t.metadata.name === name)
    return task && this.isMine(task) ? task : undefined
  }

  list(): Task[] {
    const tasks = this.cache.hasSynced() ? this.cache.list() : [...(this.snapshot ?? [])]
    return tasks.filter((t) => this.isMine(t))
  }

  /** Writes the cache to tasks.json; a no-op before the first sync (a partial list must not replace the snapshot). */
  persist(): void {
    if (this.cache.hasSynced()) this.save(this.list())
  }

  // The field selector already filters by host; this guards against a server that ignores it.
  private isMine(task: Task): boolean {
    return task.spec.host === this.hostName
  }
}
