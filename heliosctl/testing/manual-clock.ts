/** @module Test helper: a Clock that moves only when the test says so; sleepers wake when their time comes or their signal aborts. */
import type { Clock } from '../../client/index.js'
import { T0 } from './fixtures.js'

export interface ManualClock extends Clock {
  /** Moves time on by `ms`, waking every sleeper whose time has come. */
  advance(ms: number): void
  /** How many sleeps are waiting. */
  readonly sleeping: number
}

/** Starts at T0. */
export function manualClock(): ManualClock {
  let now = T0
  const sleepers = new Set<{ until: number; wake: () => void }>()
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve()
        const sleeper = {
          until: now + ms,
          wake: () => {
            sleepers.delete(sleeper)
            signal?.removeEventListener('abort', sleeper.wake)
            resolve()
          },
        }
        sleepers.add(sleeper)
        signal?.addEventListener('abort', sleeper.wake, { once: true })
      }),
    advance: (ms) => {
      now += ms
      for (const s of [...sleepers]) if (s.until <= now) s.wake()
    },
    get sleeping() {
      return sleepers.size
    },
  }
}
