/** @module EventRecorder: sends Events to the apiserver in order, queueing them in pending-events.json while it is away. */
import { Event, isApiError } from '../apis/index.js'
import { type Clock, errorMessage, type Log } from '../client/index.js'
import { enqueue } from './event-queue.js'
import { EVENT_RETRY } from './retry-policies.js'
import { RetryRounds } from './retry-rounds.js'

/** The part of HeliosClient this needs. */
export interface EventClient {
  create(kind: 'Event', obj: unknown): Promise<unknown>
}

export interface PendingEventStore {
  loadPendingEvents(): unknown[]
  savePendingEvents(events: readonly unknown[]): void
}

/** Rewrite the queue file at most every this many sent events during a flush (and once at its end). */
const PERSIST_EVERY = 25

/**
 * `record` queues an Event (in memory and on disk) and returns at once; one flush at a time sends
 * the queue oldest first and stops at the first failure that a retry may fix, so order is kept.
 * Nothing here throws to the caller: an event is history, never a reason to fail a reconcile.
 */
const REFUSED_FOR_GOOD = ['Invalid', 'BadRequest', 'NotFound', 'Forbidden', 'PayloadTooLarge'] as const

export class EventRecorder {
  private queue: Event[]
  private flushing: Promise<void> | undefined
  private again = false
  private readonly retries: RetryRounds
  /** Sends that failed and are to be retried, ever. */
  private failures = 0

  constructor(
    private readonly deps: {
      client: EventClient
      store: PendingEventStore
      clock: Clock
      log: Log
      sendTimeoutMs?: number
      /** Draws the retry delays' jitter (tests). */
      random?: () => number
    },
  ) {
    const loaded = deps.store.loadPendingEvents().map((raw) => Event.safeParse(raw))
    this.queue = loaded.flatMap((p) => (p.success ? [p.data] : []))
    this.retries = new RetryRounds(EVENT_RETRY, deps.clock, deps.random)
    // Left by the last run: sent after a jittered delay, so a restarted fleet does not send all at once.
    if (this.queue.length > 0) this.retries.failed()
  }

  /** Events not yet accepted by the apiserver, oldest first. */
  get pending(): readonly Event[] {
    return this.queue
  }

  /** Queues `event` and starts a flush without waiting for it. */
  record(event: Event): void {
    const { queue, dropped } = enqueue(this.queue, event)
    this.queue = queue
    if (dropped.length > 0) this.deps.log('warn', 'event queue full; dropped the oldest', { dropped: dropped.length })
    this.persist()
    void this.flush()
  }

  /** Sends queued events until the queue is empty or a send fails; a call during a flush makes it try once more. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true
      return this.flushing
    }
    this.flushing = (async () => {
      do {
        this.again = false
        await this.drain()
      } while (this.again)
    })().finally(() => {
      this.flushing = undefined
    })
    return this.flushing
  }

  /** Retries the queue after each failed send, a jittered and growing delay later, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await this.retries.run(signal, async () => {
      const before = this.failures
      await this.flush()
      return this.failures === before
    })
  }

  private async drain(): Promise<void> {
    let unsaved = 0
    try {
      for (let event = this.queue[0]; event; event = this.queue[0]) {
        if (!(await this.send(event))) {
          this.failures++
          return this.retries.failed()
        }
        this.queue = this.queue.filter((e) => e !== event)
        if (++unsaved >= PERSIST_EVERY) {
          this.persist()
          unsaved = 0
        }
      }
    } finally {
      if (unsaved > 0) this.persist()
    }
  }

  /** True when the event is done with (accepted, or refused for good); false to retry later. */
  private async send(event: Event): Promise<boolean> {
    const settled = new AbortController()
    try {
      // A hung request must not stall the queue for ever; if it lands after all, the retry gets AlreadyExists.
      const timeout = this.deps.clock.sleep(this.deps.sendTimeoutMs ?? 10_000, settled.signal).then(() => {
        if (!settled.signal.aborted) throw new Error('timed out')
      })
      await Promise.race([this.deps.client.create('Event', event), timeout])
      return true
    } catch (err) {
      // A send that landed before its reply was lost comes back as AlreadyExists: it is done.
      if (isApiError(err, 'AlreadyExists')) return true
      // Refused for good (a retry sends the same Event): drop it, or it would hold up the queue behind it for ever.
      if (REFUSED_FOR_GOOD.some((code) => isApiError(err, code))) {
        this.deps.log('error', 'event dropped', { event: event.metadata.name, error: errorMessage(err) })
        return true
      }
      this.deps.log('debug', 'event write failed; will retry', { event: event.metadata.name, error: errorMessage(err) })
      return false
    } finally {
      settled.abort()
    }
  }

  private persist(): void {
    try {
      this.deps.store.savePendingEvents(this.queue)
    } catch (err) {
      this.deps.log('warn', 'cannot save pending events', { error: errorMessage(err) })
    }
  }
}
