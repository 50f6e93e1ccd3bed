import { describe, expect, test } from 'vitest'
import {
  exitThrottle,
  healthCheckDelayMs,
  isFlapping,
  msUntilUnflapped,
  type Run,
  recordExit,
  restartDelayMs,
} from './restart-policy.js'

const runs = (count: number, eachMs: number): Run[] =>
  Array.from({ length: count }, (_, i) => ({ startedAt: i * 100_000, finishedAt: i * 100_000 + eachMs }))

describe('restart policy', () => {
  test("Helios' delays", () => {
    expect(restartDelayMs('NO')).toBe(1_000)
    expect(restartDelayMs('FLAPPING')).toBe(30_000)
    expect(restartDelayMs('IMAGE_MISSING')).toBe(120_000)
    expect(restartDelayMs('IMAGE_PULL_FAILED')).toBe(30_000)
  })

  test('flapping: 10 exits within 60 s of run time; 9 exits or 60 s of run time are not', () => {
    expect(isFlapping(runs(10, 5_999), 0)).toBe(true)
    expect(exitThrottle(runs(10, 5_999), 0)).toBe('FLAPPING')
    expect(isFlapping(runs(10, 6_000), 0)).toBe(false)
    expect(isFlapping(runs(9, 0), 0)).toBe(false)
    expect(exitThrottle(runs(9, 0), 0)).toBe('NO')
  })

  test('only the last 10 runs count, and flapping clears by itself while the container stays up', () => {
    let history = runs(1, 120_000)
    for (const run of runs(10, 1_000)) history = recordExit(history, run)
    expect(history).toHaveLength(10)
    expect(isFlapping(history, 2_000_000)).toBe(true)
    expect(msUntilUnflapped(history, 1_000_000, 1_000_000)).toBe(50_000)
    expect(isFlapping(history, 1_049_999, 1_000_000)).toBe(true)
    expect(isFlapping(history, 1_050_000, 1_000_000)).toBe(false)
    expect(msUntilUnflapped(history, 1_050_000, 1_000_000)).toBeUndefined()
  })

  test('health checks back off from 1 s to 30 s', () => {
    expect([1, 2, 3, 5, 6, 20].map(healthCheckDelayMs)).toEqual([1_000, 2_000, 4_000, 16_000, 30_000, 30_000])
  })
})
