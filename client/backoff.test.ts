import { describe, expect, it } from 'vitest'
import { Backoff, backoffDelayMs } from './backoff.js'
import type { Clock } from './clock.js'

describe('backoffDelayMs', () => {
  const policy = { initialMs: 500, maxMs: 10_000 }

  it('doubles from the first delay up to the cap', () => {
    const middle = () => 0.5
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(policy, n, middle))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ])
  })

  it('spreads each delay over ± the jitter fraction', () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(400)
    expect(backoffDelayMs(policy, 1, () => 0.999999)).toBe(600)
    expect(backoffDelayMs({ ...policy, jitter: 0 }, 3, () => 0)).toBe(2000)
  })

  it('never answers a negative or fractional delay, whatever the attempt number', () => {
    for (const attempt of [-5, 0, 1, 1e6, Number.MAX_SAFE_INTEGER])
      for (const r of [0, 0.3, 0.999]) {
        const ms = backoffDelayMs(policy, attempt, () => r)
        expect(Number.isInteger(ms)).toBe(true)
        expect(ms).toBeGreaterThanOrEqual(0)
        expect(ms).toBeLessThanOrEqual(12_000)
      }
  })

  it('a thousand loops failing at once do not retry in lockstep', () => {
    const delays = new Set(Array.from({ length: 1000 }, () => backoffDelayMs(policy, 4)))
    expect(delays.size).toBeGreaterThan(500)
  })
})

describe('Backoff', () => {
  it('counts failures, starts over after a success, and sleeps on the clock it is given', async () => {
    const slept: number[] = []
    const clock: Clock = { now: () => 0, sleep: async (ms) => void slept.push(ms) }
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 })
    await backoff.wait(clock)
    await backoff.wait(clock)
    expect(backoff.failures).toBe(2)
    backoff.succeeded()
    await backoff.wait(clock)
    expect(slept).toEqual([100, 200, 100])
  })
})
