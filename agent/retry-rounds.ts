/** @module RetryRounds: after a failure, waits a jittered Backoff delay on the Clock, then retries everything left. */
import { Backoff, type BackoffPolicy, type Clock } from '../client/index.js'

/**
 * A queue's retry loop (pending statuses, queued Events): nothing runs while all is well; a failure makes a round
 * due, which runs after the next Backoff delay. A round that got everything through starts the delays over; one
 * that did not leaves the next round due with a longer delay. Jitter spreads a fleet that failed together.
 */
export class RetryRounds {
  private readonly backoff: Backoff
  private due = false
  private wake: (() => void) | undefined

  constructor(
    policy: BackoffPolicy,
    private readonly clock: Clock,
    random?: () => number,
  ) {
    this.backoff = new Backoff(policy, random)
  }

  /** Something could not be sent: a round is due. */
  failed(): void {
    this.due = true
    this.wake?.()
  }

  /** Until `signal` aborts, runs `round` a delay after each failure; `round` answers whether it got everything through. */
  async run(signal: AbortSignal, round: () => Promise<boolean>): Promise<void> {
    while (!signal.aborted) {
      if (!this.due) await this.failure(signal)
      if (signal.aborted) return
      await this.backoff.wait(this.clock, signal)
      if (signal.aborted) return
      this.due = false
      if (await round()) this.backoff.succeeded()
      else this.due = true
    }
  }

  private failure(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = undefined
        signal.removeEventListener('abort', done)
        resolve()
      }
      this.wake = done
      signal.addEventListener('abort', done, { once: true })
    })
  }
}
