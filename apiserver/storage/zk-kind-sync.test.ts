import { describe, expect, test } from 'vitest'
import type { AnyObject } from '../../apis/index.js'
import { silentLog } from '../log.js'
import { FakeZooKeeper } from '../testing/fake-zookeeper.js'
import { decodeName, zkPaths } from './paths.js'
import type { StoreEvent } from './store.js'
import { WatchCache } from './watch-cache.js'
import { ZkKindSync } from './zk-kind-sync.js'
import { prepareLayout } from './zk-layout.js'
import { ZkObjects } from './zk-objects.js'
import { encodeObject } from './zk-ops.js'

const paths = zkPaths('/t')
const TASK_DIRS = paths.objectDirs('Task')
const task = (name: string, spec: Record<string, unknown> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name, labels: {}, annotations: {} },
  spec,
})
const rv = (obj: AnyObject): bigint => BigInt(obj.metadata.resourceVersion ?? '0')
const dirOf = (name: string) => paths.object('Task', name).replace(/\/[^/]+$/, '')

async function setUp(drainBudgetMs?: number) {
  const zk = new FakeZooKeeper()
  await prepareLayout(zk, paths, silentLog)
  const objects = new ZkObjects(zk, paths, () => {})
  objects.layoutReady()
  const cache = new WatchCache('tasks', 100_000)
  const sync = new ZkKindSync(zk, paths, 'Task', cache, silentLog, drainBudgetMs)
  expect(await sync.resync()).toBe(true)
  const events: StoreEvent[] = []
  cache.watch(undefined, (e) => events.push(e))
  const caughtUp = async () => expect(await cache.waitFor(zk.lastZxid, 5_000)).toBe(true)
  return { zk, objects, cache, sync, events, caughtUp }
}

/** The cache's objects against what ZooKeeper held at the cache's version: name@version, sorted. */
function compare(zk: FakeZooKeeper, cache: WatchCache) {
  const at = cache.resourceVersion
  const held = [...zk.stateAsOf(at, TASK_DIRS)].map(
    ([path, { mzxid }]) => `${decodeName(path.split('/').pop() ?? '')}@${mzxid}`,
  )
  const cached = cache.list().items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
  return { cached: cached.sort(), held: held.sort(), at }
}

describe('ZkKindSync over buckets', () => {
  test('a create or delete re-reads only its bucket, whatever the kind holds', async () => {
    const { zk, objects, cache, caughtUp } = await setUp()
    for (let i = 0; i < 2_000; i++) await objects.create(task(`d${i % 10}@h${Math.floor(i / 10)}`))
    await caughtUp()
    expect(cache.size).toBe(2_000)
    const biggest = Math.max(
      ...(await Promise.all(TASK_DIRS.map((d) => zk.getChildren(d)))).map((l) => l.children.length),
    )
    const before = { ...zk.requests }
    await objects.create(task('new@h1'))
    await caughtUp()
    expect(zk.requests.list - before.list).toBe(1)
    expect(zk.requests.namesListed - before.namesListed).toBeLessThanOrEqual(biggest + 1)
    const beforeDelete = { ...zk.requests }
    await objects.delete('Task', 'd3@h7')
    await caughtUp()
    expect(zk.requests.list - beforeDelete.list).toBe(1)
    // The delete's own getData; the sync reads nothing for a node its bucket no longer lists.
    expect(zk.requests.get - beforeDelete.get).toBe(1)
    expect(cache.get('d3@h7')).toBeUndefined()
    expect(cache.get('new@h1')).toBeDefined()
  })

  test('deleting the last object of a bucket: DELETED with the bucket’s pzxid, and nothing lists the empty bucket', async () => {
    const { zk, objects, cache, events, caughtUp } = await setUp()
    const created = await objects.create(task('alone@h1'))
    await caughtUp()
    await objects.delete('Task', 'alone@h1')
    await caughtUp()
    const bucket = await zk.getChildren(dirOf('alone@h1'))
    expect(bucket.children).toEqual([])
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED alone@h1', 'DELETED alone@h1'])
    const deleted = events[1]?.object as AnyObject
    expect(rv(deleted)).toBe(bucket.stat.pzxid)
    expect(rv(deleted)).toBeGreaterThan(rv(created))
    expect(cache.list().items).toEqual([])
    expect(cache.resourceVersion).toBe(zk.lastZxid)
    // The bucket stays and takes the name again.
    await objects.create(task('alone@h1', { again: true }))
    await caughtUp()
    expect(cache.get('alone@h1')?.spec).toEqual({ again: true })
  })

  test('a node deleted and created again before its bucket is listed is read again, and its later changes arrive', async () => {
    const { zk, objects, cache, caughtUp } = await setUp()
    await objects.create(task('web@h1', { generation: 1 }))
    await caughtUp()
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    zk.beforeRead = (op) => (op === 'list' ? gate : undefined)
    await objects.delete('Task', 'web@h1')
    await objects.create(task('web@h1', { generation: 2 }))
    open()
    zk.beforeRead = () => undefined
    await caughtUp()
    expect(cache.get('web@h1')?.spec).toEqual({ generation: 2 })
    const now = await objects.get('Task', 'web@h1')
    await objects.update({ ...now, spec: { generation: 3 } })
    await caughtUp()
    expect(cache.get('web@h1')?.spec).toEqual({ generation: 3 })
    expect(compare(zk, cache).cached).toEqual(compare(zk, cache).held)
  })

  test('racing writers across buckets, reads delayed at random: versions never go back, and the cache at any version is ZooKeeper at that version', async () => {
    for (let round = 0; round < 8; round++) {
      const { zk, objects, cache, events, caughtUp } = await setUp()
      zk.beforeRead = () =>
        Math.random() < 0.5 ? new Promise((resolve) => setTimeout(resolve, Math.random() * 3)) : undefined
      const names = Array.from({ length: 40 }, (_, i) => `d${i % 4}@h${i}`)
      const mismatches: unknown[] = []
      const writer = async () => {
        for (let op = 0; op < 60; op++) {
          const name = names[Math.floor(Math.random() * names.length)] as string
          const current = await objects.get('Task', name).catch(() => undefined)
          const write = !current
            ? objects.create(task(name, { op }))
            : Math.random() < 0.4
              ? objects.delete('Task', name)
              : objects.update({ ...current, spec: { op } })
          await write.catch(() => undefined) // another writer got there first
          const seen = compare(zk, cache)
          if (seen.cached.join() !== seen.held.join()) mismatches.push(seen)
        }
      }
      await Promise.all(Array.from({ length: 6 }, writer))
      zk.beforeRead = () => undefined
      await caughtUp()
      expect(mismatches, `round ${round}`).toEqual([])
      const versions = events.map((e) => rv(e.object))
      expect(versions, `round ${round}`).toEqual([...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      const final = compare(zk, cache)
      expect(final.cached, `round ${round}`).toEqual(final.held)
      expect(final.at, `round ${round}`).toBe(zk.lastZxid)
      // Replaying the events from empty gives the same objects.
      const replayed = new Map<string, string>()
      for (const e of events) {
        if (e.type === 'DELETED') replayed.delete(e.object.metadata.name)
        else replayed.set(e.object.metadata.name, `${e.object.metadata.name}@${e.object.metadata.resourceVersion}`)
      }
      expect([...replayed.values()].sort(), `round ${round}`).toEqual(final.cached)
    }
  }, 60_000)

  test('drains that never see a quiet moment (one round each) publish only what is complete: multis across buckets arrive whole, and a list plus a watch from its version misses nothing', async () => {
    for (let round = 0; round < 6; round++) {
      const { zk, objects, cache, events, caughtUp } = await setUp(0)
      zk.beforeRead = () =>
        Math.random() < 0.5 ? new Promise((resolve) => setTimeout(resolve, Math.random() * 3)) : undefined
      const multis: Array<{ zxid: bigint; names: string[] }> = []
      const snapshots: Array<{ at: bigint; items: Map<string, string>; seen: StoreEvent[] }> = []
      const multiWriter = async (w: number) => {
        for (let op = 0; op < 25; op++) {
          // Three Tasks in three buckets in one transaction: one zxid across buckets, as the write batcher makes.
          const names = [0, 1, 2].map((k) => `m${w}-${op}-${k}@h${k * 37 + op}`)
          const result = await zk.multi(
            names.map((name) => ({
              op: 'create' as const,
              path: paths.object('Task', name),
              data: encodeObject(task(name)),
            })),
          )
          if (!result.ok) throw result.error
          const { stat } = await zk.getData(paths.object('Task', names[0] as string))
          multis.push({ zxid: stat.mzxid, names })
        }
      }
      const updater = async () => {
        for (let op = 0; op < 40; op++) {
          const name = `u${op % 5}@h${op % 7}`
          const current = await objects.get('Task', name).catch(() => undefined)
          await (current ? objects.update({ ...current, spec: { op } }) : objects.create(task(name))).catch(() => {})
        }
      }
      const sampler = async () => {
        for (let i = 0; i < 30; i++) {
          await new Promise((resolve) => setTimeout(resolve, 2))
          const listed = cache.list()
          const at = BigInt(listed.resourceVersion)
          const items = new Map(listed.items.map((o) => [o.metadata.name, o.metadata.resourceVersion ?? '']))
          const seen: StoreEvent[] = []
          cache.watch(at, (e) => seen.push(e))
          snapshots.push({ at, items, seen })
        }
      }
      await Promise.all([multiWriter(0), multiWriter(1), updater(), sampler()])
      zk.beforeRead = () => undefined
      await caughtUp()
      const versions = events.map((e) => rv(e.object))
      expect(versions, `round ${round}`).toEqual([...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      const final = compare(zk, cache)
      expect(final.cached, `round ${round}`).toEqual(final.held)
      for (const { at, items, seen } of snapshots) {
        // A multi at or below a list's version is in it whole, never in part.
        for (const m of multis.filter((m) => m.zxid <= at))
          expect(
            m.names.filter((n) => !items.has(n)),
            `round ${round}, list at ${at}`,
          ).toEqual([])
        // The list plus what a watch from its version sent is ZooKeeper now.
        for (const e of seen) {
          if (e.type === 'DELETED') items.delete(e.object.metadata.name)
          else items.set(e.object.metadata.name, e.object.metadata.resourceVersion ?? '')
        }
        const replayed = [...items].map(([name, v]) => `${name}@${v}`).sort()
        expect(replayed, `round ${round}, watch from ${at}`).toEqual(final.cached)
      }
    }
  }, 60_000)

  test('a full relist after a lost session finds what changed in every bucket, each DELETED at its bucket’s pzxid', async () => {
    const { zk, objects, cache, sync, events, caughtUp } = await setUp()
    for (let i = 0; i < 300; i++) await objects.create(task(`t${i}@h${i}`))
    await caughtUp()
    zk.dropWatches()
    for (let i = 0; i < 300; i += 3) await objects.delete('Task', `t${i}@h${i}`)
    const kept = await objects.get('Task', 't1@h1')
    await objects.update({ ...kept, spec: { changed: true } })
    await objects.create(task('late@h9'))
    events.length = 0
    expect(await sync.resync()).toBe(true)
    expect(events.filter((e) => e.type === 'DELETED')).toHaveLength(100)
    for (const e of events.filter((e) => e.type === 'DELETED')) {
      const { stat } = await zk.getChildren(dirOf(e.object.metadata.name))
      expect(rv(e.object)).toBe(stat.pzxid)
    }
    expect(events.filter((e) => e.type !== 'DELETED').map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'MODIFIED t1@h1',
      'ADDED late@h9',
    ])
    const final = compare(zk, cache)
    expect(final.cached).toEqual(final.held)
    expect(final.at).toBe(zk.lastZxid)
  })
})
