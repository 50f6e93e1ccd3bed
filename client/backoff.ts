/** @module Backoff: the one retry delay every loop uses — exponential, capped, jittered, on the Clock. */
import type { Clock } from './clock.js'

export interface BackoffPolicy {
  /** The first delay, before jitter. */
  initialMs: number
  /** No delay grows beyond this, before jitter. */
  maxMs: number
  /** Each failure multiplies the delay by this (default 2). */
  factor?: number
  /**
   * Each delay lasts ± this fraction of itself, drawn anew each time (default 0.2): a thousand agents that lost
   * the same apiserver at the same moment come back spread out instead of in lockstep.
   */
  jitter?: number
}

/** The delay before retry number `attempt` (1 = the first retry). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const factor = policy.factor ?? 2
  const jitter = policy.jitter ?? 0.2
  const base = Math.min(policy.initialMs * factor ** Math.max(0, attempt - 1), policy.maxMs)
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))))
}

/** The failure count of one retry loop: `failed()` answers the next delay, `succeeded()` starts over. */
export class Backoff {
  private attempt = 0

  constructor(
    readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  get failures(): number {
    return this.attempt
  }

  /** Counts a failure and answers how long to wait before the next try. */
  failed(): number {
    this.attempt++
    return backoffDelayMs(this.policy, this.attempt, this.random)
  }

  succeeded(): void {
    this.attempt = 0
  }

  /** Counts a failure and sleeps its delay on `clock` (returns early when `signal` aborts). */
  async wait(clock: Clock, signal?: AbortSignal): Promise<void> {
    await clock.sleep(this.failed(), signal)
  }
}
