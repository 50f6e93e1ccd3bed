/** @module Test helper: a Clock whose sleep returns at once after moving time on, calling back so a test can play the controller. */
import type { Clock } from '../../client/index.js'
import { T0 } from './fixtures.js'

export interface StepClock extends Clock {
  /** How many times a verb slept. */
  sleeps: number
}

/** Starts at T0; every sleep(ms) adds ms, then runs `onSleep(n)` (n counts from 1) before resolving. */
export function stepClock(onSleep: (n: number) => void = () => {}): StepClock {
  let now = T0
  const clock: StepClock = {
    sleeps: 0,
    now: () => now,
    sleep: async (ms) => {
      now += ms
      clock.sleeps++
      onSleep(clock.sleeps)
    },
  }
  return clock
}
