// The token bucket per source, refilling with time, and the bound on remembered sources.
import { expect, test } from 'vitest'
import { SourceRateLimit } from './source-rate-limit.js'

test('a source gets its burst, then its rate; others are not affected', () => {
  let now = 0
  const limit = new SourceRateLimit({ perSecond: 10, burst: 3, now: () => now })
  expect([1, 2, 3, 4].map(() => limit.allow('a'))).toEqual([true, true, true, false])
  expect(limit.allow('b')).toBe(true)
  now += 100
  expect([limit.allow('a'), limit.allow('a')]).toEqual([true, false])
  now += 10_000
  expect([1, 2, 3, 4].map(() => limit.allow('a'))).toEqual([true, true, true, false])
})

test('sources beyond the bound forget the longest-unseen one', () => {
  const limit = new SourceRateLimit({ perSecond: 1, burst: 1, maxSources: 2, now: () => 0 })
  expect([limit.allow('a'), limit.allow('b'), limit.allow('a')]).toEqual([true, true, false])
  expect(limit.allow('c')).toBe(true)
  expect(limit.size).toBe(2)
  expect(limit.allow('a')).toBe(false)
  expect(limit.allow('b')).toBe(true)
})
