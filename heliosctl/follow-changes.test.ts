import { describe, expect, test } from 'vitest'
import type { Clock, HeliosClient } from '../client/index.js'
import type { Ctx } from './context.js'
import { followChanges } from './follow-changes.js'

/** A client whose watch ends at once (an apiserver that drops every stream) except in the rounds listed. */
function droppingClient(eventRounds: number[]) {
  let round = 0
  const list = async () => ({ kind: 'List', apiVersion: 'helios/v1', metadata: { resourceVersion: '1' }, items: [] })
  async function* watch() {
    round++
    if (eventRounds.includes(round))
      yield { type: 'BOOKMARK', object: { kind: 'Job', apiVersion: 'helios/v1', metadata: { resourceVersion: '2' } } }
  }
  return { list, watch } as unknown as HeliosClient
}

async function sleepsOf(eventRounds: number[], count: number): Promise<number[]> {
  const abort = new AbortController()
  const sleeps: number[] = []
  const clock: Clock = {
    now: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms)
      if (sleeps.length >= count) abort.abort()
    },
  }
  const ctx = { client: droppingClient(eventRounds), clock, signal: abort.signal } as unknown as Ctx
  await followChanges(ctx, 'Job', {}, { onList: () => {}, onChange: () => {} })
  return sleeps
}

const within = (ms: number, base: number) => ms >= base * 0.8 && ms <= base * 1.2

describe('followChanges when the stream keeps dropping', () => {
  test('relists at once the first time, then backs off 0.5 s doubling to 10 s, each delay jittered ±20%', async () => {
    const sleeps = await sleepsOf([], 8)
    const bases = [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]
    expect(sleeps.map((ms, i) => within(ms, bases[i] ?? 0))).toEqual(bases.map(() => true))
  })

  test('a round with events starts the backoff over', async () => {
    const sleeps = await sleepsOf([5], 5)
    // rounds 1-4 quiet (sleeps after rounds 2, 3, 4), round 5 has an event, rounds 6, 7 quiet (a sleep after 7)
    expect(within(sleeps[2] ?? 0, 2000)).toBe(true)
    expect(within(sleeps[3] ?? 0, 500)).toBe(true)
  })

  test('many followers do not sleep in step', async () => {
    const firsts = await Promise.all(Array.from({ length: 20 }, () => sleepsOf([], 1)))
    expect(new Set(firsts.map((s) => s[0])).size).toBeGreaterThan(1)
  })
})
