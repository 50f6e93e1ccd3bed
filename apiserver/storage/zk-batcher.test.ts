import { describe, expect, test } from 'vitest'
import { FakeZkOps } from '../testing/fake-zk-ops.js'
import { ZkBatcher } from './zk-batcher.js'
import type { ZkMultiResult, ZkOp } from './zk-ops.js'

const data = (text: string) => Buffer.from(text)
const create = (path: string, text = path): ZkOp[] => [
  { op: 'create', path },
  { op: 'setData', path, data: data(text), version: -1 },
]

async function setUp(opts: { maxBytes?: number; maxInFlight?: number } = {}) {
  const zk = new FakeZkOps()
  await zk.mkdirp('/t')
  zk.multis.length = 0
  const batcher = new ZkBatcher((ops) => zk.multi(ops), opts)
  return { zk, batcher }
}

const ok = (r: ZkMultiResult) => {
  if (!r.ok) throw r.error
  return r.stats
}

describe('ZkBatcher', () => {
  test('concurrent transactions go out as one multi; each caller gets the Stats of its own setData ops', async () => {
    const { zk, batcher } = await setUp()
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.multi(create(`/t/n${i}`))))
    expect(zk.multis).toHaveLength(1)
    expect(zk.transactions).toBe(2n) // the mkdirp's, then one for all 50
    for (const [i, r] of results.entries()) {
      expect(ok(r)).toEqual([{ mzxid: 2n, pzxid: 2n, version: 1 }])
      expect((await zk.getData(`/t/n${i}`)).data.toString()).toBe(`/t/n${i}`)
    }
  })

  test('while a batch is in flight, later transactions gather into the next one', async () => {
    const { zk, batcher } = await setUp()
    let open = () => {}
    zk.gate = new Promise((resolve) => (open = resolve))
    const first = batcher.multi(create('/t/first'))
    await new Promise((resolve) => setImmediate(resolve))
    const rest = Array.from({ length: 30 }, (_, i) => batcher.multi(create(`/t/r${i}`)))
    await new Promise((resolve) => setImmediate(resolve))
    expect(zk.multis).toHaveLength(1)
    open()
    await Promise.all([first, ...rest])
    expect(zk.multis.map((m) => m.length)).toEqual([2, 60])
  })

  test('a create of an existing name among 20 good ones fails only its caller, wherever it stands', async () => {
    for (const at of [0, 7, 20]) {
      const { zk, batcher } = await setUp()
      await batcher.multi(create('/t/taken', 'first'))
      const names = Array.from({ length: 21 }, (_, i) => (i === at ? '/t/taken' : `/t/good${i}`))
      const results = await Promise.all(names.map((n) => batcher.multi(create(n, 'second'))))
      for (const [i, r] of results.entries()) {
        if (i === at) expect(r).toMatchObject({ ok: false, index: 0, error: { code: 'AlreadyExists' } })
        else expect(ok(r)).toHaveLength(1)
      }
      expect((await zk.getData('/t/taken')).data.toString()).toBe('first')
      expect((await zk.getChildren('/t')).children).toHaveLength(21)
      // The failed batch, then its passing front as one batch and its back as another: never one multi per caller.
      expect(zk.multis.length).toBeLessThanOrEqual(4)
    }
  })

  test('a stale version among good writes gets Conflict at its own op index; the others are written', async () => {
    const { zk, batcher } = await setUp()
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.multi(create(`/t/n${i}`, 'v1'))))
    const writes = Array.from({ length: 10 }, (_, i) =>
      batcher.multi([
        { op: 'create', path: `/t/n${i}/child` },
        { op: 'setData', path: `/t/n${i}`, data: data('v2'), version: i === 4 ? 0 : 1 },
      ]),
    )
    const results = await Promise.all(writes)
    expect(results[4]).toMatchObject({ ok: false, index: 1, error: { code: 'Conflict' } })
    expect((await zk.getData('/t/n4')).data.toString()).toBe('v1')
    expect(await zk.exists('/t/n4/child')).toBeUndefined()
    for (const i of [0, 1, 2, 3, 5, 6, 7, 8, 9]) {
      expect(ok(results[i] as ZkMultiResult)).toMatchObject([{ version: 2 }])
      expect((await zk.getData(`/t/n${i}`)).data.toString()).toBe('v2')
    }
    // Every path is free again after the retries: later writes of them go out, together.
    zk.multis.length = 0
    const later = await Promise.all(
      [4, 5].map((i) => batcher.multi([{ op: 'setData', path: `/t/n${i}`, data: data('v3'), version: -1 }])),
    )
    expect(later.every((r) => r.ok)).toBe(true)
    expect(zk.multis).toHaveLength(1)
  })

  test('several failures in one batch: each fails alone, every good one is written, in a bounded number of rounds', async () => {
    const { zk, batcher } = await setUp()
    await Promise.all(['/t/a', '/t/b', '/t/c'].map((p) => batcher.multi(create(p))))
    zk.multis.length = 0
    const names = Array.from({ length: 30 }, (_, i) => (i % 10 === 3 ? `/t/${'abc'[Math.floor(i / 10)]}` : `/t/g${i}`))
    const results = await Promise.all(names.map((n) => batcher.multi(create(n))))
    expect(results.filter((r) => !r.ok)).toHaveLength(3)
    expect(results.every((r, i) => r.ok === !(i % 10 === 3))).toBe(true)
    expect((await zk.getChildren('/t')).children).toHaveLength(30)
    // Fewer multis than callers even so: after a second failure only the rest goes one by one.
    expect(zk.multis.length).toBeLessThan(30)
  })

  test('two transactions on one path never share a batch, and keep their order', async () => {
    const { zk, batcher } = await setUp()
    await batcher.multi(create('/t/x', 'v1'))
    zk.multis.length = 0
    // Both compare-and-set on version 1: one after the other, the second must fail, never both pass.
    const [a, b, other] = await Promise.all([
      batcher.multi([{ op: 'setData', path: '/t/x', data: data('a'), version: 1 }]),
      batcher.multi([{ op: 'setData', path: '/t/x', data: data('b'), version: 1 }]),
      batcher.multi(create('/t/y')),
    ])
    expect(ok(a)).toMatchObject([{ version: 2 }])
    expect(b).toMatchObject({ ok: false, error: { code: 'Conflict' } })
    expect(ok(other)).toHaveLength(1)
    expect((await zk.getData('/t/x')).data.toString()).toBe('a')
    for (const ops of zk.multis) expect(ops.filter((op) => op.path === '/t/x')).toHaveLength(ops[0] ? 1 : 0)
    expect(zk.multis).toHaveLength(2)
  })

  test('two unconditional writes of one node: each caller is told a version that only its own data ever had', async () => {
    const { zk, batcher } = await setUp()
    await batcher.multi(create('/t/x', 'v1'))
    const [a, b] = await Promise.all(
      ['a', 'b'].map((text) => batcher.multi([{ op: 'setData', path: '/t/x', data: data(text), version: -1 }])),
    )
    const [sa, sb] = [ok(a as ZkMultiResult)[0], ok(b as ZkMultiResult)[0]]
    // In one multi both would get one zxid, and a compare-and-set on a's version would overwrite b's data.
    expect(sa?.mzxid).not.toBe(sb?.mzxid)
    const stored = await zk.getData('/t/x')
    expect(stored.stat.mzxid).toBe(sb?.mzxid)
    expect(stored.data.toString()).toBe('b')
  })

  test('two creates of one name: exactly the first wins, each in its own multi', async () => {
    const { zk, batcher } = await setUp()
    const [first, second] = await Promise.all([
      batcher.multi(create('/t/same', 'first')),
      batcher.multi(create('/t/same', 'second')),
    ])
    expect(first.ok).toBe(true)
    expect(second).toMatchObject({ ok: false, index: 0, error: { code: 'AlreadyExists' } })
    expect((await zk.getData('/t/same')).data.toString()).toBe('first')
    expect(zk.multis).toHaveLength(2)
  })

  test('a batch never exceeds the packet bound; a transaction bigger than it still goes, alone', async () => {
    const { zk, batcher } = await setUp({ maxBytes: 2_000 })
    const big = 'x'.repeat(3_000)
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => batcher.multi(create(`/t/n${i}`, 'y'.repeat(300)))),
      batcher.multi(create('/t/big', big)),
    ])
    const sizes = zk.multis.map((ops) => ops.reduce((n, op) => n + (op.op === 'setData' ? op.data.length : 0), 0))
    expect(sizes.filter((n) => n > 2_000)).toEqual([3_000])
    expect(zk.multis.length).toBeGreaterThan(3)
    expect((await zk.getChildren('/t')).children).toHaveLength(21)
  })

  test('ZooKeeper not answering fails every transaction of the batch with its error', async () => {
    const batcher = new ZkBatcher(() => Promise.reject(new Error('connection lost')))
    const results = await Promise.allSettled([batcher.multi(create('/a')), batcher.multi(create('/b'))])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
  })
})
