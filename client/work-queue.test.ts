import { describe, expect, test } from 'vitest'
import { ManualClock } from './testing/manual-clock.js'
import { WorkQueue } from './work-queue.js'

/** Lets the clock's woken sleeps run their continuations. */
const tick = () => new Promise((resolve) => setImmediate(resolve))

async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms)
  await tick()
}

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

  test('a waiting worker receives the next key; shutdown releases waiters', async () => {
    const q = new WorkQueue()
    const next = q.get()
    q.add('x')
    expect(await next).toBe('x')
    const pending = q.get()
    q.shutdown()
    expect(await pending).toBeUndefined()
  })

  test('addAfter delivers later on the real clock', async () => {
    const q = new WorkQueue()
    q.addAfter('late', 20)
    expect(q.length).toBe(0)
    expect(await q.get()).toBe('late')
  })
})

describe('WorkQueue: delayed adds on the clock, the earliest time wins', () => {
  test('nothing is added before its time, then exactly once', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    q.addAfter('a', 1000)
    await advance(clock, 999)
    expect(q.length).toBe(0)
    await advance(clock, 1)
    expect(q.length).toBe(1)
    await advance(clock, 10_000)
    expect(q.length).toBe(1)
    expect(q.delayed).toBe(0)
  })

  test('a later addAfter never postpones an earlier pending one, in either order and many rounds', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    q.addAfter('a', 100)
    for (const ms of [5000, 200, 101, 100, 60_000]) q.addAfter('a', ms)
    await advance(clock, 100)
    expect(q.length).toBe(1)
    expect(await q.get()).toBe('a')
    q.done('a')
    // None of the later ones is still pending: the key was due once, at the earliest time.
    await advance(clock, 60_000)
    expect(q.length).toBe(0)
  })

  test('an earlier addAfter replaces a later pending one', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    q.addAfter('a', 60_000)
    q.addAfter('b', 30_000)
    q.addAfter('a', 10)
    await advance(clock, 10)
    expect(await q.get()).toBe('a')
    q.done('a')
    await advance(clock, 59_990)
    expect(q.length).toBe(1)
    expect(await q.get()).toBe('b')
  })

  test('keys due at different times come in time order on one sleep at a time', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    for (const [key, ms] of [
      ['c', 300],
      ['a', 100],
      ['b', 200],
    ] as const)
      q.addAfter(key, ms)
    expect(clock.sleeping).toBe(1)
    const seen: string[] = []
    for (let t = 0; t < 3; t++) {
      await advance(clock, 100)
      seen.push((await q.get()) as string)
    }
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(clock.sleeping).toBe(0)
  })

  test('a delayed add of a key in flight is queued only after done', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    q.add('a')
    const key = (await q.get()) as string
    q.addAfter('a', 50)
    await advance(clock, 50)
    expect(q.length).toBe(0)
    q.done(key)
    expect(await q.get()).toBe('a')
  })

  test('shutdown drops pending delayed adds and their sleep', async () => {
    const clock = new ManualClock()
    const q = new WorkQueue({ clock })
    q.addAfter('a', 50)
    q.shutdown()
    expect(clock.sleeping).toBe(0)
    await advance(clock, 100)
    expect(q.length).toBe(0)
    q.addAfter('b', 1)
    expect(q.delayed).toBe(0)
  })
})

describe('WorkQueue: per-key rate limiting through client/backoff.ts', () => {
  test('doubles per failure up to the cap, per key, and forget starts over', () => {
    const q = new WorkQueue({ clock: new ManualClock(), backoff: { initialMs: 10, maxMs: 35, jitter: 0 } })
    expect([q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a')]).toEqual([10, 20, 35])
    expect(q.addRateLimited('b')).toBe(10)
    q.forget('a')
    expect(q.addRateLimited('a')).toBe(10)
    q.shutdown()
  })

  test('delays are jittered, so keys failing together retry apart; the retry comes at the delay answered', async () => {
    const clock = new ManualClock()
    const draws = [0, 1]
    const q = new WorkQueue({ clock, backoff: { initialMs: 1000, maxMs: 60_000 }, random: () => draws.shift() ?? 0.5 })
    const low = q.addRateLimited('a')
    const high = q.addRateLimited('b')
    expect([low, high]).toEqual([800, 1200])
    await advance(clock, 800)
    expect(await q.get()).toBe('a')
    expect(q.length).toBe(0)
    await advance(clock, 400)
    expect(await q.get()).toBe('b')
  })
})
