/** @module StatusWriter: writes Task status only when it changed, and queues it on disk while the apiserver is away. */
import {
  type AnyObject,
  canonicalJson,
  clip,
  isApiError,
  MAX_CONTAINER_ERROR,
  MAX_EXIT_LOG_LINE,
  MAX_EXIT_LOG_LINES,
  type Task,
  type TaskStatus,
} from '../apis/index.js'
import { type Clock, errorMessage, type Log } from '../client/index.js'
import { samePorts } from './ports.js'

/** The part of HeliosClient this needs. */
export interface StatusClient {
  updateStatus(kind: 'Task', obj: AnyObject): Promise<unknown>
}

export interface PendingStore {
  loadPending(): Record<string, Task>
  savePending(pending: Readonly<Record<string, Task>>): void
}

export type StatusFields = Omit<TaskStatus, 'updatedAt'>

const FIELDS = [
  'state',
  'goal',
  'jobId',
  'restartedAt',
  'containerId',
  'throttled',
  'containerError',
  'exitCode',
  'runningSince',
  'restartCount',
] as const

export const sameStatus = (a: StatusFields, b: StatusFields): boolean =>
  FIELDS.every((f) => a[f] === b[f]) &&
  samePorts(a.ports, b.ports) &&
  canonicalJson(a.lastExit) === canonicalJson(b.lastExit)

/**
 * `report` records the new status (in memory and in pending-status.json) before trying to write it,
 * so a status is never lost to an outage or a crash; writes for one task are serialized, and only
 * the latest pending status of a task is ever sent.
 */
/** The engine's words can be long (a refused image is echoed whole): clipped to what the apiserver stores. */
function clipped(fields: StatusFields): StatusFields {
  const { containerError, lastExit } = fields
  return {
    ...fields,
    ...(containerError === undefined ? {} : { containerError: clip(containerError, MAX_CONTAINER_ERROR) }),
    ...(lastExit === undefined
      ? {}
      : {
          lastExit: {
            ...lastExit,
            logTail: lastExit.logTail.slice(-MAX_EXIT_LOG_LINES).map((line) => clip(line, MAX_EXIT_LOG_LINE)),
          },
        }),
  }
}

export class StatusWriter {
  private readonly latest = new Map<string, TaskStatus>()
  private readonly pending = new Map<string, Task>()
  private readonly chains = new Map<string, Promise<void>>()
  /** resourceVersion of each task as our last accepted status write left it. */
  private readonly writtenVersion = new Map<string, bigint>()

  constructor(
    private readonly deps: {
      client: StatusClient
      store: PendingStore
      clock: Clock
      log: Log
      writeTimeoutMs?: number
      /** Called once per reported change (the agent records it as an Event); must not throw. */
      onReport?: (task: Task, status: TaskStatus) => void
    },
  ) {
    for (const [name, task] of Object.entries(deps.store.loadPending())) {
      this.pending.set(name, task)
      if (task.status) this.latest.set(name, task.status)
    }
  }

  /** The last status this agent reported for the task (written or still pending). */
  last(name: string): TaskStatus | undefined {
    return this.latest.get(name)
  }

  /** Records and writes `fields` unless they equal the last reported status (or, if none, `task.status`). */
  async report(task: Task, reported: StatusFields): Promise<void> {
    const fields = clipped(reported)
    const name = task.metadata.name
    const previous = this.previous(task)
    if (previous && sameStatus(previous, fields)) return
    const status: TaskStatus = { ...fields, updatedAt: new Date(this.deps.clock.now()).toISOString() }
    this.latest.set(name, status)
    const { resourceVersion: _rv, ...metadata } = task.metadata
    this.pending.set(name, { ...task, metadata, status })
    this.persist()
    const { state, containerId, throttled, containerError, exitCode } = status
    this.deps.log('info', 'task status', { task: name, state, containerId, throttled, containerError, exitCode })
    this.deps.onReport?.(task, status)
    await this.flush(name, this.deps.writeTimeoutMs ?? 3_000)
  }

  /**
   * What the status is now: ours while a write is pending or the cached Task predates our last
   * accepted write (the watch lags); otherwise the apiserver's, so a status lost there (a Task
   * deleted and re-created, a restored store) is written again.
   */
  private previous(task: Task): TaskStatus | undefined {
    const name = task.metadata.name
    if (this.pending.has(name)) return this.latest.get(name)
    const written = this.writtenVersion.get(name)
    if (written !== undefined && versionOf(task) < written) return this.latest.get(name) ?? task.status
    return task.status
  }

  /** Drops everything about a task that no longer exists. */
  forget(name: string): void {
    this.latest.delete(name)
    this.writtenVersion.delete(name)
    if (this.pending.delete(name)) this.persist()
  }

  get pendingCount(): number {
    return this.pending.size
  }

  /** Retries pending writes every `intervalMs` until `signal` aborts. */
  async run(signal: AbortSignal, intervalMs = 5_000): Promise<void> {
    while (!signal.aborted) {
      await this.deps.clock.sleep(intervalMs, signal)
      await Promise.all([...this.pending.keys()].map((name) => this.flush(name)))
    }
  }

  /** Writes the task's latest pending status; waits at most `timeoutMs` (the write goes on in the background). */
  flush(name: string, timeoutMs?: number): Promise<void> {
    const next = (this.chains.get(name) ?? Promise.resolve()).then(() => this.write(name))
    const tail = next.finally(() => {
      if (this.chains.get(name) === tail) this.chains.delete(name)
    })
    this.chains.set(name, tail)
    if (timeoutMs === undefined) return next
    const written = new AbortController()
    return Promise.race([next.finally(() => written.abort()), this.deps.clock.sleep(timeoutMs, written.signal)])
  }

  private async write(name: string): Promise<void> {
    const obj = this.pending.get(name)
    if (!obj) return
    try {
      const stored = await this.deps.client.updateStatus('Task', obj)
      const version = versionOf(stored)
      if (version >= 0n) this.writtenVersion.set(name, version)
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Invalid') && !isApiError(err, 'BadRequest')) {
        this.deps.log('debug', 'task status write failed; will retry', { task: name, error: errorMessage(err) })
        return
      }
      // NotFound: the task was deleted meanwhile. Invalid: a retry cannot fix it.
      const level = isApiError(err, 'NotFound') ? 'debug' : 'error'
      this.deps.log(level, 'task status dropped', { task: name, error: errorMessage(err) })
    }
    if (this.pending.get(name) === obj) {
      this.pending.delete(name)
      this.persist()
    }
  }

  private persist(): void {
    this.deps.store.savePending(Object.fromEntries(this.pending))
  }
}

// resourceVersions are ZooKeeper zxids: ordered integers. Anything else counts as "older than everything".
function versionOf(obj: unknown): bigint {
  const rv = (obj as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion
  try {
    return typeof rv === 'string' && rv !== '' ? BigInt(rv) : -1n
  } catch {
    return -1n
  }
}
