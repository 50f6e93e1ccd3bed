/** @module StatusWriter: writes a Task's status when it changed and lasted (or matters at once); queues it on disk while the apiserver is away. */
import { type AnyObject, isApiError, type Task, type TaskStatus } from '../apis/index.js'
import { type Clock, errorMessage, type Log } from '../client/index.js'
import { FoldedStates } from './folded-states.js'
import { STATUS_RETRY } from './retry-policies.js'
import { RetryRounds } from './retry-rounds.js'
import { SETTLE_MS, writesAtOnce } from './status-coalescing.js'
import { clipped, type StatusFields, sameStatus, versionOf } from './status-fields.js'

export type { StatusFields } from './status-fields.js'

/** The part of HeliosClient this needs. */
export interface StatusClient {
  updateStatus(kind: 'Task', obj: AnyObject, opts?: { event?: boolean }): Promise<unknown>
}

export interface PendingStore {
  loadPending(): Record<string, Task>
  savePending(pending: Readonly<Record<string, Task>>): void
}

export interface StatusWriterDeps {
  client: StatusClient
  store: PendingStore
  clock: Clock
  log: Log
  writeTimeoutMs?: number
  /** How long a transient status must last to be written (default SETTLE_MS; 0 writes every status at once). */
  settleMs?: number
  /** Called once per status the apiserver accepted (its TaskState Event went with it, `?event=true`); must not throw. */
  onWritten?: (task: Task, status: TaskStatus) => void
  /** Draws the retry delays' jitter (tests). */
  random?: () => number
}

/**
 * `report` records the new status (in memory and in pending-status.json) before anything else, so a status is
 * never lost to an outage or a crash. A status that matters at once (status-coalescing.ts) is written now; a
 * transient one only once it lasted `settleMs`, so one replaced sooner is folded into its successor. Writes for one
 * task are serialized and each sends the latest pending status, so statuses reported while a write is in flight
 * fold too. Only accepted statuses get their Event: a state the apiserver never showed has none of its own, but the
 * status that replaced it lists it (`passedThrough`, folded-states.ts), so history still shows it.
 */
export class StatusWriter {
  private readonly latest = new Map<string, TaskStatus>()
  private readonly pending = new Map<string, Task>()
  private readonly chains = new Map<string, Promise<boolean>>()
  /** resourceVersion of each task as our last accepted status write left it. */
  private readonly writtenVersion = new Map<string, bigint>()
  /** The status the apiserver last accepted from us, per task. */
  private readonly shown = new Map<string, TaskStatus>()
  /** Transient statuses waiting to see whether they last. */
  private readonly settling = new Map<string, AbortController>()
  /** What each status lists of the ones it replaced unwritten (so history keeps folded states). */
  private readonly folded = new FoldedStates()
  private readonly retries: RetryRounds

  constructor(private readonly deps: StatusWriterDeps) {
    for (const [name, task] of Object.entries(deps.store.loadPending())) {
      this.pending.set(name, task)
      if (task.status) this.latest.set(name, task.status)
    }
    this.retries = new RetryRounds(STATUS_RETRY, deps.clock, deps.random)
    // Left by the last run: written after a jittered delay, so a restarted fleet does not write all at once.
    if (this.pending.size > 0) this.retries.failed()
  }

  /** The last status this agent reported for the task (written or still pending). */
  last(name: string): TaskStatus | undefined {
    return this.latest.get(name)
  }

  /** Records `fields` unless they equal the last reported status (or, if none, `task.status`), and writes them when due. */
  async report(task: Task, reported: StatusFields): Promise<void> {
    const fields = clipped(reported)
    const name = task.metadata.name
    const previous = this.previous(task)
    if (previous && sameStatus(previous, fields)) return
    // A status still pending was never shown: the new one lists it (and what it listed) for history.
    const passedThrough = this.folded.carry(this.pending.get(name)?.status)
    const now = new Date(this.deps.clock.now()).toISOString()
    // A wall clock stepped back must not date this status before a state it replaced: the apiserver refuses that.
    const newest = passedThrough?.at(-1)?.at
    const updatedAt = newest !== undefined && Date.parse(newest) > Date.parse(now) ? newest : now
    const status: TaskStatus = { ...fields, ...(passedThrough && { passedThrough }), updatedAt }
    this.latest.set(name, status)
    const { resourceVersion: _rv, ...metadata } = task.metadata
    this.pending.set(name, { ...task, metadata, status })
    this.persist()
    const { state, containerId, throttled, containerError, exitCode } = status
    this.deps.log('info', 'task status', { task: name, state, containerId, throttled, containerError, exitCode })
    this.settling.get(name)?.abort()
    this.settling.delete(name)
    const settleMs = this.deps.settleMs ?? SETTLE_MS
    if (settleMs > 0 && !writesAtOnce(status, this.shown.get(name) ?? task.status)) return this.settle(name, settleMs)
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

  /** Writes the task's pending status once it has lasted `ms`, unless another status replaced it before. */
  private settle(name: string, ms: number): void {
    const timer = new AbortController()
    this.settling.set(name, timer)
    void this.deps.clock.sleep(ms, timer.signal).then(() => {
      if (timer.signal.aborted) return
      this.settling.delete(name)
      void this.flush(name)
    })
  }

  /** Drops everything about a task that no longer exists. */
  forget(name: string): void {
    this.settling.get(name)?.abort()
    this.settling.delete(name)
    this.latest.delete(name)
    this.shown.delete(name)
    this.writtenVersion.delete(name)
    if (this.pending.delete(name)) this.persist()
  }

  get pendingCount(): number {
    return this.pending.size
  }

  /** Retries pending writes after each failure, a jittered and growing delay later, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => {
      for (const timer of this.settling.values()) timer.abort()
      this.settling.clear()
    })
    await this.retries.run(signal, async () => {
      const due = [...this.pending.keys()].filter((name) => !this.settling.has(name))
      return (await Promise.all(due.map((name) => this.chain(name)))).every(Boolean)
    })
  }

  /** Writes the task's latest pending status; waits at most `timeoutMs` (the write goes on in the background). */
  async flush(name: string, timeoutMs?: number): Promise<void> {
    const next = this.chain(name)
    if (timeoutMs === undefined) return void (await next)
    const written = new AbortController()
    await Promise.race([next.finally(() => written.abort()), this.deps.clock.sleep(timeoutMs, written.signal)])
  }

  /** Queues a write of the task's pending status behind the one in flight; true when nothing is left to retry. */
  private chain(name: string): Promise<boolean> {
    const next = (this.chains.get(name) ?? Promise.resolve(true)).then(() => this.write(name))
    const tail = next.finally(() => {
      if (this.chains.get(name) === tail) this.chains.delete(name)
    })
    this.chains.set(name, tail)
    return next
  }

  private async write(name: string): Promise<boolean> {
    const obj = this.pending.get(name)
    // A transient status reported since this write was queued is its settle timer's to write, if it lasts.
    if (!obj?.status || this.settling.has(name)) return true
    let accepted = false
    try {
      const stored = await this.deps.client.updateStatus('Task', obj, { event: true })
      const version = versionOf(stored)
      if (version >= 0n) this.writtenVersion.set(name, version)
      accepted = true
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Invalid') && !isApiError(err, 'BadRequest')) {
        this.deps.log('debug', 'task status write failed; will retry', { task: name, error: errorMessage(err) })
        this.retries.failed()
        return false
      }
      // NotFound: the task was deleted meanwhile. Invalid: a retry cannot fix it.
      const level = isApiError(err, 'NotFound') ? 'debug' : 'error'
      this.deps.log(level, 'task status dropped', { task: name, error: errorMessage(err) })
    }
    const newer = this.pending.get(name)
    if (newer === obj) {
      this.pending.delete(name)
      this.persist()
    } else if (accepted && newer) this.shownBefore(name, obj.status, newer)
    if (accepted) {
      this.shown.set(name, obj.status)
      this.deps.onWritten?.(obj, obj.status)
    }
    return true
  }

  /** A status replaced while its write was in flight was shown after all: its successor no longer lists it. */
  private shownBefore(name: string, accepted: TaskStatus, newer: Task): void {
    const status = newer.status && this.folded.afterAccepted(accepted, newer.status)
    if (!status || status === newer.status) return
    this.pending.set(name, { ...newer, status })
    this.latest.set(name, status)
    this.persist()
  }

  private persist(): void {
    this.deps.store.savePending(Object.fromEntries(this.pending))
  }
}
