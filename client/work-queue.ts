/** @module WorkQueue: client-go semantics — de-duplicated keys, one worker per key, per-key backoff, delayed adds. */

export interface BackoffOptions {
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * A key added while queued is stored once; a key added while a worker holds it is queued again
 * only after `done(key)`, so no two workers ever reconcile the same key at once.
 */
export class WorkQueue {
  private readonly queue: string[] = []
  private readonly dirty = new Set<string>()
  private readonly processing = new Set<string>()
  private readonly failures = new Map<string, number>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly waiters: Array<(key: string | undefined) => void> = []
  private shuttingDown = false

  constructor(private readonly backoff: BackoffOptions = { baseDelayMs: 200, maxDelayMs: 60_000 }) {}

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

  /** Adds `key` after `delayMs`; an earlier pending delayed add of the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return
    if (delayMs <= 0) {
      this.add(key)
      return
    }
    const pending = this.timers.get(key)
    if (pending) clearTimeout(pending)
    const timer = setTimeout(() => {
      this.timers.delete(key)
      this.add(key)
    }, delayMs)
    timer.unref?.()
    this.timers.set(key, timer)
  }

  /** Re-adds a failed key with exponential backoff per key (base × 2^failures, capped). */
  addRateLimited(key: string): number {
    const failures = this.failures.get(key) ?? 0
    this.failures.set(key, failures + 1)
    const delay = Math.min(this.backoff.baseDelayMs * 2 ** failures, this.backoff.maxDelayMs)
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

  shutdown(): void {
    this.shuttingDown = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    for (const waiter of this.waiters.splice(0)) waiter(undefined)
  }
}
