import { describe, expect, test } from 'vitest'
import { type CutReason, WatchBudget, type WatchLease } from './watch-budget.js'

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** A stream whose unsent bytes the test sets; `cuts` records why it was cut. */
function stream(budget: WatchBudget, client: string) {
  const s = { bytes: 0, cuts: [] as CutReason[], lease: undefined as unknown as WatchLease }
  s.lease = budget.admit(
    client,
    () => s.bytes,
    (reason) => s.cuts.push(reason),
  )
  return s
}

describe('WatchBudget', () => {
  test('counts watches per client exactly, whatever order they close in; release is idempotent', () => {
    const budget = new WatchBudget({ budgetBytes: 1000, streamBytes: 1000, perClient: 2 })
    const a1 = stream(budget, 'a')
    const a2 = stream(budget, 'a')
    expect(() => stream(budget, 'a')).toThrow(expect.objectContaining({ code: 'TooManyRequests' }))
    stream(budget, 'b')
    a1.lease.release()
    a1.lease.release()
    expect(budget.openBy('a')).toBe(1)
    stream(budget, 'a')
    expect(() => stream(budget, 'a')).toThrow(/a has 2 watches open/)
    a2.lease.release()
    expect(budget.openBy('a')).toBe(1)
    expect(budget.openBy('b')).toBe(1)
  })

  test('a stream over its own cap is cut at the end of the turn, and its bytes leave the total', async () => {
    const budget = new WatchBudget({ budgetBytes: 10_000, streamBytes: 100, perClient: 10 })
    const slow = stream(budget, 'a')
    const fine = stream(budget, 'a')
    slow.bytes = 101
    fine.bytes = 100
    slow.lease.touch()
    fine.lease.touch()
    expect(slow.cuts).toEqual([])
    await turn()
    expect(slow.cuts).toEqual(['stream'])
    expect(fine.cuts).toEqual([])
    expect(budget.bufferedBytes).toBe(100)
    expect(budget.openBy('a')).toBe(1)
  })

  test('over the budget, the streams holding the most go first, only as many as needed', async () => {
    const budget = new WatchBudget({ budgetBytes: 500, streamBytes: 1000, perClient: 10 })
    const streams = [300, 900, 50, 600, 0].map((bytes, i) => {
      const s = stream(budget, `c${i}`)
      s.bytes = bytes
      s.lease.touch()
      return s
    })
    await turn()
    expect(streams.map((s) => s.cuts.length)).toEqual([0, 1, 0, 1, 0])
    expect(streams[1]?.cuts).toEqual(['budget'])
    expect(budget.bufferedBytes).toBe(350)
  })

  test('bytes are measured after the turn: a burst the client takes in time counts for nothing', async () => {
    const budget = new WatchBudget({ budgetBytes: 100, streamBytes: 100, perClient: 10 })
    const reader = stream(budget, 'a')
    reader.bytes = 5_000
    reader.lease.touch()
    reader.bytes = 0 // the kernel took it before the turn ended
    await turn()
    expect(reader.cuts).toEqual([])
    expect(budget.bufferedBytes).toBe(0)
  })

  test('a stream whose measure or cut throws does not stop the others being enforced', async () => {
    const budget = new WatchBudget({ budgetBytes: 100, streamBytes: 1000, perClient: 10 })
    const broken = budget.admit(
      'x',
      () => {
        throw new Error('measure')
      },
      () => {
        throw new Error('cut')
      },
    )
    broken.touch()
    const big = stream(budget, 'y')
    big.bytes = 500
    big.lease.touch()
    await turn()
    expect(big.cuts).toEqual(['budget'])
  })
})
