import { describe, expect, test } from 'vitest'
import type { AnyObject, Kind } from '../../apis/index.js'
import { FakeZkOps } from '../testing/fake-zk-ops.js'
import { zkPaths } from './paths.js'
import { ZkBatcher } from './zk-batcher.js'
import { prepareLayout } from './zk-layout.js'
import { ZkObjects } from './zk-objects.js'

const object = (kind: Kind, name: string, spec: Record<string, unknown> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name, labels: {}, annotations: {} },
  spec,
})
const event = (name: string): AnyObject => ({ ...object('Event', name), spec: undefined }) as unknown as AnyObject

/** ZkObjects as ZooKeeperStore wires it (writes through the batcher) over an in-memory ZooKeeper. */
async function setUp() {
  const zk = new FakeZkOps()
  const paths = zkPaths('/helios')
  for (const kind of ['Job', 'Deployment', 'Event'] as const) await zk.mkdirp(paths.kindDir(kind))
  await zk.mkdirp(paths.claimsDir)
  await prepareLayout(zk, paths, () => {})
  zk.multis.length = 0
  const batcher = new ZkBatcher((ops) => zk.multi(ops))
  const written: Array<[Kind, bigint]> = []
  const objects = new ZkObjects(
    zk.withMulti((ops) => batcher.multi(ops)),
    paths,
    (kind, zxid) => written.push([kind, zxid]),
  )
  objects.layoutReady()
  const exists = async (kind: Kind, name: string) => (await zk.exists(paths.object(kind, name))) !== undefined
  return { zk, objects, written, exists }
}

describe('ZkObjects through the write batcher', () => {
  test('thirty concurrent creates, each with its Event: one multi, one zxid, every object and Event stored', async () => {
    const { zk, objects, written, exists } = await setUp()
    const before = zk.transactions
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => objects.create(object('Job', `j${i}:v1`), { events: [event(`e${i}`)] })),
    )
    expect(zk.multis).toHaveLength(1)
    expect(zk.transactions).toBe(before + 1n)
    expect(new Set(created.map((c) => c.metadata.resourceVersion))).toEqual(new Set([String(before + 1n)]))
    for (let i = 0; i < 30; i++) {
      expect(await exists('Job', `j${i}:v1`)).toBe(true)
      expect(await exists('Event', `e${i}`)).toBe(true)
    }
    expect(written).toContainEqual(['Event', before + 1n])
  })

  test('an Event and its object fail together: a failure injected at either leaves neither', async () => {
    const { zk, objects, exists } = await setUp()
    // Ops: create + setData of the Job, then create + setData of its Event.
    for (const at of [0, 1, 2, 3]) {
      zk.failAt = (ops) => (ops.some((op) => op.path.endsWith('/web:v1')) ? at : undefined)
      await expect(objects.create(object('Job', 'web:v1'), { events: [event('e')] })).rejects.toMatchObject({
        code: 'Unavailable',
      })
      expect(await exists('Job', 'web:v1')).toBe(false)
      expect(await exists('Event', 'e')).toBe(false)
    }
    zk.failAt = () => undefined
    await objects.create(object('Job', 'web:v1'))
    zk.failAt = (ops) => (ops.some((op) => op.path.endsWith('/e2')) ? 1 : undefined)
    const stored = await objects.get('Job', 'web:v1')
    await expect(
      objects.update(object('Job', 'web:v1', { image: 'b' }), { events: [event('e2')] }),
    ).rejects.toMatchObject({ code: 'Unavailable' })
    expect((await objects.get('Job', 'web:v1')).metadata.resourceVersion).toBe(stored.metadata.resourceVersion)
    expect(await exists('Event', 'e2')).toBe(false)
  })

  test('among twenty concurrent writes, a taken name and a stale version fail only their callers', async () => {
    const { zk, objects, exists } = await setUp()
    await objects.create(object('Job', 'taken:v1'))
    const stale = await objects.create(object('Job', 'stale:v1'))
    await objects.update(object('Job', 'stale:v1', { image: 'newer' }))
    zk.multis.length = 0
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => objects.create(object('Job', `a${i}:v1`), { events: [event(`a${i}`)] })),
      objects.create(object('Job', 'taken:v1'), { events: [event('lost1')] }),
      objects.update(object('Job', 'stale:v1', { image: 'x' }), {
        ifVersion: stale.metadata.resourceVersion,
        events: [event('lost2')],
      }),
      ...Array.from({ length: 10 }, (_, i) => objects.create(object('Job', `b${i}:v1`), { events: [event(`b${i}`)] })),
    ])
    expect(results.map((r) => r.status)).toEqual([
      ...Array(10).fill('fulfilled'),
      'rejected',
      'rejected',
      ...Array(10).fill('fulfilled'),
    ])
    expect(results[10]).toMatchObject({ reason: { code: 'AlreadyExists', message: 'job "taken:v1" already exists' } })
    expect(results[11]).toMatchObject({ reason: { code: 'Conflict' } })
    const stored = await Promise.all(
      Array.from({ length: 10 }, (_, i) => [exists('Event', `a${i}`), exists('Event', `b${i}`)]).flat(),
    )
    expect(stored.filter(Boolean)).toHaveLength(20)
    expect(await exists('Event', 'lost1')).toBe(false)
    expect(await exists('Event', 'lost2')).toBe(false)
    expect(zk.multis.length).toBeLessThan(22)
  })

  test('a trimmed Event already gone is skipped: the write and its own Event still land', async () => {
    const { objects, exists } = await setUp()
    await objects.create(event('old'))
    await objects.create(object('Job', 'web:v1'), { events: [event('new')], trimEvents: ['gone', 'old'] })
    expect(await exists('Job', 'web:v1')).toBe(true)
    expect(await exists('Event', 'new')).toBe(true)
    expect(await exists('Event', 'old')).toBe(false)
    await objects.create(event('older'))
    await objects.delete('Job', 'web:v1', { trimEvents: ['older', 'gone'] })
    expect(await exists('Event', 'older')).toBe(false)
  })
})

test('an object that fits a transaction alone still fits with its Event; trims that would not fit are left for later', async () => {
  const { zk, objects, exists } = await setUp()
  const big = (name: string) => object('Job', name, { blob: 'x'.repeat(999_300) })
  await expect(objects.create(object('Job', 'huge:v1', { blob: 'x'.repeat(1_000_100) }))).rejects.toMatchObject({
    code: 'PayloadTooLarge',
  })
  await objects.create(big('a:v1'), { events: [event('ea')] })
  expect(await exists('Event', 'ea')).toBe(true)
  const trims = Array.from({ length: 300 }, (_, i) => `old${i}`)
  for (const name of trims) await zk.multi([{ op: 'create', path: zkPaths('/helios').object('Event', name) }])
  await objects.create(big('b:v1'), { events: [event('eb')], trimEvents: trims })
  const left = (await Promise.all(trims.map((name) => exists('Event', name)))).filter(Boolean)
  expect(left.length).toBeGreaterThan(0)
  expect(left.length).toBeLessThan(300)
  expect(await exists('Job', 'b:v1')).toBe(true)
})
