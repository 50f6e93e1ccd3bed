import { describe, expect, test } from 'vitest'
import { WorkQueue } from './work-queue.js'

describe('WorkQueue', () => {
  test('de-duplicates queued keys', async () => {
    const q = new WorkQueue()
    q.add('a')
    q.add('a')
    q.add('b')
    expect(q.length).toBe(2)
    expect(await q.get()).toBe('a')
    expect(await q.get()).toBe('b')
  })

  test('a key re-added while in flight is handed out again only after done', async () => {
    const q = new WorkQueue()
    q.add('a')
    const key = await q.get()
    q.add('a')
    expect(q.length).toBe(0)
    q.done(key as string)
    expect(q.length).toBe(1)
    expect(await q.get()).toBe('a')
  })

  test('backs off per key and forget resets it', () => {
    const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 35 })
    expect([q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a')]).toEqual([10, 20, 35])
    expect(q.addRateLimited('b')).toBe(10)
    q.forget('a')
    expect(q.addRateLimited('a')).toBe(10)
    q.shutdown()
  })

  test('a waiting worker receives the next key; shutdown releases waiters', async () => {
    const q = new WorkQueue()
    const next = q.get()
    q.add('x')
    expect(await next).toBe('x')
    const pending = q.get()
    q.shutdown()
    expect(await pending).toBeUndefined()
  })

  test('addAfter delivers later', async () => {
    const q = new WorkQueue()
    q.addAfter('late', 20)
    expect(q.length).toBe(0)
    expect(await q.get()).toBe('late')
  })
})
