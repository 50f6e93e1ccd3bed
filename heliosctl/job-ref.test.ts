import { describe, expect, test } from 'vitest'
import { ApiError, shortJobId } from '../apis/index.js'
import { fullId, resolveJobRef } from './job-ref.js'
import { job } from './testing/fixtures.js'

const foo1 = job('foo:1')
const foo10 = job('foo:10')
const foo11 = job('foo:11')
const bar = job('bar:v1')
const jobs = [foo1, foo10, foo11, bar]

function errorOf(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return err
  }
  throw new Error('expected an ApiError')
}

describe('resolveJobRef', () => {
  test('an exact name:version wins: foo:1 is not ambiguous with foo:10', () => {
    expect(resolveJobRef('foo:1', jobs)).toBe(foo1)
    expect(resolveJobRef('foo:10', jobs)).toBe(foo10)
  })

  test('a full id, a short id or any unique prefix of the full id resolves', () => {
    expect(resolveJobRef(fullId(foo10), jobs)).toBe(foo10)
    expect(resolveJobRef(shortJobId(fullId(foo10)), jobs)).toBe(foo10)
    expect(resolveJobRef('ba', jobs)).toBe(bar)
    expect(resolveJobRef('bar:v', jobs)).toBe(bar)
  })

  test('no match is Unknown job', () => {
    const err = errorOf(() => resolveJobRef('baz', jobs))
    expect(err.message).toBe('Unknown job: baz')
    expect(err.code).toBe('NotFound')
    expect(errorOf(() => resolveJobRef('foo:1:ffffff', jobs)).message).toBe('Unknown job: foo:1:ffffff')
  })

  test('several matches is Ambiguous job reference, listing them', () => {
    const err = errorOf(() => resolveJobRef('foo', jobs))
    expect(err.message).toMatch(/^Ambiguous job reference: foo \(matches foo:1:\w{7}, foo:10:\w{7}, foo:11:\w{7}\)$/)
    expect(errorOf(() => resolveJobRef('foo:1', [foo10, foo11])).message).toContain('Ambiguous job reference: foo:1')
  })

  test('a prefix only matches when no exact match exists', () => {
    // foo:1 is a prefix of foo:10 and foo:11's ids, yet names foo:1 exactly.
    expect(resolveJobRef('foo:1', [foo10, foo1, foo11])).toBe(foo1)
    // Without foo:1, foo:1 is a prefix: unique with foo:10 alone, ambiguous with foo:11 too.
    expect(resolveJobRef('foo:1', [foo10, bar])).toBe(foo10)
    expect(errorOf(() => resolveJobRef('foo:1', [foo10, foo11])).code).toBe('Conflict')
    // An exact full id wins over the name:version prefix it starts with.
    expect(resolveJobRef(fullId(foo1), jobs)).toBe(foo1)
  })
})
