/** @module WorkQueue: client-go semantics — de-duplicated keys, one worker per key, per-key backoff, delayed adds on a Clock. */
import { type BackoffPolicy, backoffDelayMs } from './backoff.js'
import { type Clock, realClock } from './clock.js'

export interface WorkQueueOptions {
  /** Time for delayed adds (default the real one); tests pass a ManualClock. */
  clock?: Clock
  /** Per-key retry delays of addRateLimited (default 200 ms doubling to 60 s, ±20 %). */
  backoff?: BackoffPolicy
  /** The jitter's randomness (tests pass a fixed one). */
  random?: () => number
}

export const WORK_QUEUE_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 60_000 }

/**
 * A key added while queued is stored once; a key added while a worker holds it is queued again only after
 * `done(key)`, so no two workers ever reconcile the same key at once. Delayed adds wait on one sleep of the clock,
 * for the earliest time due (client-go's delaying queue keeps a heap and one timer the same way).
 */
export class WorkQueue {
  private readonly queue: string[] = []
  private readonly dirty = new Set<string>()
  private readonly processing = new Set<string>()
  private readonly failures = new Map<string, number>()
  /** Delayed adds: key → when it is due (clock ms). */
  private readonly due = new Map<string, number>()
  private timer: { at: number; abort: AbortController } | undefined
  private readonly waiters: Array<(key: string | undefined) => void> = []
  private shuttingDown = false
  private readonly clock: Clock
  private readonly backoff: BackoffPolicy
  private readonly random: () => number

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock
    this.backoff = opts.backoff ?? WORK_QUEUE_BACKOFF
    this.random = opts.random ?? Math.random
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return
    this.dirty.add(key)
    if (this.processing.has(key)) return
    const waiter = this.waiters.shift()
    if (waiter) {
      this.dirty.delete(key)
      this.processing.add(key)
      waiter(key)
    } else this.queue.push(key)
  }

  /**
   * Adds `key` once `delayMs` has passed. The earliest pending time of a key wins: a later addAfter never postpones
   * one due sooner (a requeue for a step's timeout must not slip behind a longer wait asked meanwhile).
   */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return
    if (delayMs <= 0) {
      this.add(key)
      return
    }
    const at = this.clock.now() + delayMs
    const pending = this.due.get(key)
    if (pending !== undefined && pending <= at) return
    this.due.set(key, at)
    this.wakeAt(at)
  }

  /** Re-adds a failed key after its own backoff (client/backoff.ts: doubling per failure, capped, jittered); answers the delay. */
  addRateLimited(key: string): number {
    const attempt = (this.failures.get(key) ?? 0) + 1
    this.failures.set(key, attempt)
    const delay = backoffDelayMs(this.backoff, attempt, this.random)
    this.addAfter(key, delay)
    return delay
  }

  /** Clears the failure count of `key` (call after a successful reconcile). */
  forget(key: string): void {
    this.failures.delete(key)
  }

  /** Waits for the next key; resolves `undefined` once the queue is shut down. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift()
    if (key !== undefined) {
      this.dirty.delete(key)
      this.processing.add(key)
      return Promise.resolve(key)
    }
    if (this.shuttingDown) return Promise.resolve(undefined)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Marks `key` finished; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key)
    if (this.dirty.has(key)) {
      this.dirty.delete(key)
      this.add(key)
    }
  }

  get length(): number {
    return this.queue.length
  }

  /** Keys waiting for their delay. */
  get delayed(): number {
    return this.due.size
  }

  shutdown(): void {
    this.shuttingDown = true
    this.timer?.abort.abort()
    this.timer = undefined
    this.due.clear()
    for (const waiter of this.waiters.splice(0)) waiter(undefined)
  }

  /** Sleeps until `at` unless a sleep already ends sooner. */
  private wakeAt(at: number): void {
    if (this.timer && this.timer.at <= at) return
    this.timer?.abort.abort()
    const timer = { at, abort: new AbortController() }
    this.timer = timer
    void this.clock.sleep(Math.max(0, at - this.clock.now()), timer.abort.signal).then(() => {
      if (timer.abort.signal.aborted) return
      this.timer = undefined
      this.addDue()
    })
  }

  /** Adds every key whose time has come, then sleeps until the next one. */
  private addDue(): void {
    const now = this.clock.now()
    let next = Number.POSITIVE_INFINITY
    for (const [key, at] of this.due) {
      if (at <= now) {
        this.due.delete(key)
        this.add(key)
      } else next = Math.min(next, at)
    }
    if (next !== Number.POSITIVE_INFINITY) this.wakeAt(next)
  }
}
