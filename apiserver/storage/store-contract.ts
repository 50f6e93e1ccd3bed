/** @module The one Store test suite, run on MemoryStore (unit) and ZooKeeperStore (e2e) so the two cannot drift. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AnyObject, Kind } from '../../apis/index.js'
import type { ListResult, Store, StoreEvent } from './store.js'

export interface StoreFixture {
  store: Store
  cleanup?: () => Promise<void>
}

/** Builds a fresh, empty store; `historySize` is the per-kind event window for watches. */
export type StoreFactory = (opts: { historySize: number }) => Promise<StoreFixture>

const HISTORY = 5

const object = (kind: Kind, name: string, spec: Record<string, unknown> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name, labels: {}, annotations: {} },
  spec,
})

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const rvOf = (obj: AnyObject): bigint => BigInt(obj.metadata.resourceVersion ?? 'x')

/** The objects a list plus the events after it amount to, in name order. */
function fold(items: readonly AnyObject[], events: readonly StoreEvent[]): AnyObject[] {
  const state = new Map(items.map((o) => [o.metadata.name, o]))
  for (const e of events) {
    if (e.type === 'DELETED') state.delete(e.object.metadata.name)
    else state.set(e.object.metadata.name, e.object)
  }
  return [...state.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
}

/** Registers the contract suite for one Store implementation. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} (Store contract)`, () => {
    let fixture: StoreFixture
    let store: Store
    beforeEach(async () => {
      fixture = await factory({ historySize: HISTORY })
      store = fixture.store
    })
    afterEach(async () => {
      await store.close()
      await fixture.cleanup?.()
    })

    // One change at a time, each awaited on the watch: ZooKeeper may coalesce rapid changes of one object.
    async function watched(from: string | undefined, kind: Kind = 'Job') {
      const events: StoreEvent[] = []
      const cancel = store.watch(kind, from, (e) => events.push(e))
      const next = async <T>(write: () => Promise<T>): Promise<T> => {
        const before = events.length
        const result = await write()
        await waitFor(() => events.length > before, 'a watch event')
        return result
      }
      return { events, cancel, next }
    }

    test('create, get and list return objects with decimal resourceVersions', async () => {
      const created = await store.create(object('Job', 'nginx:v1', { image: 'nginx' }))
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/)
      expect(await store.get('Job', 'nginx:v1')).toEqual(created)
      await store.create(object('Task', 'web@h1'))
      const list = await store.list('Job')
      expect(list.items).toEqual([created])
      expect(BigInt(list.resourceVersion)).toBeGreaterThanOrEqual(rvOf(created))
      expect((await store.list('Task')).items.map((o) => o.metadata.name)).toEqual(['web@h1'])
    })

    test('NotFound and AlreadyExists name the object', async () => {
      await store.create(object('Job', 'a:v1'))
      await expect(store.create(object('Job', 'a:v1'))).rejects.toMatchObject({
        code: 'AlreadyExists',
        message: 'job "a:v1" already exists',
      })
      await expect(store.get('Job', 'b:v1')).rejects.toMatchObject({
        code: 'NotFound',
        message: 'job "b:v1" not found',
      })
      await expect(store.update(object('Job', 'b:v1'))).rejects.toMatchObject({ code: 'NotFound' })
      await expect(store.delete('Deployment', 'web')).rejects.toMatchObject({
        code: 'NotFound',
        message: 'deployment "web" not found',
      })
    })

    test('update advances the version; compare-and-set refuses a stale one and changes nothing', async () => {
      const v1 = await store.create(object('Host', 'h1', { unschedulable: false }))
      const v2 = await store.update(
        { ...v1, spec: { unschedulable: true } },
        { ifVersion: v1.metadata.resourceVersion },
      )
      expect(rvOf(v2)).toBeGreaterThan(rvOf(v1))
      const stale = store.update({ ...v1, spec: { unschedulable: false } }, { ifVersion: v1.metadata.resourceVersion })
      await expect(stale).rejects.toMatchObject({
        code: 'Conflict',
        message: 'host "h1" was modified concurrently; re-read and retry',
      })
      expect(await store.get('Host', 'h1')).toEqual(v2)
      const v3 = await store.update({ ...v2, spec: { unschedulable: false } })
      expect(rvOf(v3)).toBeGreaterThan(rvOf(v2))
    })

    test('delete returns the last object and honours ifVersion', async () => {
      const v1 = await store.create(object('Deployment', 'web'))
      const v2 = await store.update(v1)
      await expect(store.delete('Deployment', 'web', { ifVersion: v1.metadata.resourceVersion })).rejects.toMatchObject(
        { code: 'Conflict' },
      )
      expect(await store.delete('Deployment', 'web', { ifVersion: v2.metadata.resourceVersion })).toEqual(v2)
      await expect(store.get('Deployment', 'web')).rejects.toMatchObject({ code: 'NotFound' })
      expect((await store.list('Deployment')).items).toEqual([])
    })

    test('a list reflects every write this store acknowledged', async () => {
      const a = await store.create(object('Job', 'a:v1'))
      await store.update(a)
      await store.delete('Job', 'a:v1')
      const b = await store.create(object('Job', 'b:v1'))
      const list = await store.list('Job')
      expect(list.items).toEqual([b])
      expect(BigInt(list.resourceVersion)).toBeGreaterThanOrEqual(rvOf(b))
    })

    test('versions are ordered across kinds', async () => {
      const a = await store.create(object('Job', 'a:v1'))
      const b = await store.create(object('Deployment', 'b'))
      const c = await store.update(a)
      expect(rvOf(a) < rvOf(b) && rvOf(b) < rvOf(c)).toBe(true)
    })

    test('watch from a list version sees ADDED, MODIFIED, DELETED in order', async () => {
      const { resourceVersion } = await store.list('Job')
      const w = await watched(resourceVersion)
      const created = await w.next(() => store.create(object('Job', 'x:v1', { image: 'a' })))
      await w.next(() => store.update({ ...created, spec: { image: 'b' } }))
      await w.next(() => store.delete('Job', 'x:v1'))
      w.cancel()
      expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
      expect(w.events.map((e) => e.object.spec)).toEqual([{ image: 'a' }, { image: 'b' }, { image: 'b' }])
      const versions = w.events.map((e) => rvOf(e.object))
      expect([...versions].sort((x, y) => (x < y ? -1 : 1))).toEqual(versions)
      expect(new Set(versions).size).toBe(3)
      expect(w.events[1]?.prevObject?.spec).toEqual({ image: 'a' })
    })

    test('watch from an older version replays only what came after it; cancel stops delivery', async () => {
      const w = await watched(undefined)
      const a = await w.next(() => store.create(object('Job', 'a:v1')))
      await w.next(() => store.create(object('Job', 'b:v1')))
      const replay: StoreEvent[] = []
      const cancel = store.watch('Job', a.metadata.resourceVersion, (e) => replay.push(e))
      expect(replay.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b:v1'])
      cancel()
      w.cancel()
      await store.create(object('Job', 'c:v1'))
      await store.list('Job')
      expect(replay).toHaveLength(1)
      expect(w.events).toHaveLength(2)
    })

    test("an indexed watch (Task spec.host) sees only its host's Tasks, a Task moving away included", async () => {
      const { resourceVersion } = await store.list('Task')
      const events: StoreEvent[] = []
      const cancel = store.watch('Task', resourceVersion, (e) => events.push(e), { indexValue: 'h1' })
      const all = await watched(resourceVersion, 'Task')
      const mine = await all.next(() => store.create(object('Task', 'a@h1', { host: 'h1' })))
      await all.next(() => store.create(object('Task', 'b@h2', { host: 'h2' })))
      await all.next(() => store.update({ ...mine, spec: { host: 'h3' } }))
      cancel()
      all.cancel()
      expect(
        events.map((e) => `${e.type} ${e.object.metadata.name} ${(e.object.spec as { host: string }).host}`),
      ).toEqual(['ADDED a@h1 h1', 'MODIFIED a@h1 h3'])
      const replay: StoreEvent[] = []
      store.watch('Task', resourceVersion, (e) => replay.push(e), { indexValue: 'h2' })()
      expect(replay.map((e) => e.object.metadata.name)).toEqual(['b@h2'])
    })

    test('a version older than the retained window is Expired', async () => {
      const { resourceVersion } = await store.list('Job')
      for (let i = 0; i <= HISTORY; i++) await store.create(object('Job', `n${i}:v1`))
      const latest = await store.list('Job')
      expect(latest.items).toHaveLength(HISTORY + 1)
      expect(() => store.watch('Job', resourceVersion, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }))
      store.watch('Job', latest.resourceVersion, () => {})()
    })

    test('a version newer than the store has seen is refused (Unavailable), never watched with changes skipped', async () => {
      const { resourceVersion } = await store.list('Job')
      const current = BigInt(store.currentVersion('Job'))
      expect(current).toBeGreaterThanOrEqual(BigInt(resourceVersion))
      for (const ahead of [current + 1n, current + 1_000_000n]) {
        expect(() => store.watch('Job', String(ahead), () => {})).toThrow(
          expect.objectContaining({
            code: 'Unavailable',
            causes: [expect.objectContaining({ field: 'resourceVersion' })],
          }),
        )
      }
      store.watch('Job', String(current), () => {})()
    })

    test('waitForVersion: true once the kind reaches the version, false after the timeout', async () => {
      const current = BigInt(store.currentVersion('Job'))
      expect(await store.waitForVersion('Job', String(current), 10)).toBe(true)
      expect(await store.waitForVersion('Job', String(current + 1_000_000n), 50)).toBe(false)
      const reached = store.waitForVersion('Job', String(current + 1n), 5_000)
      const created = await store.create(object('Job', 'later:v1'))
      expect(await reached).toBe(true)
      expect(BigInt(store.currentVersion('Job'))).toBeGreaterThanOrEqual(rvOf(created))
    })
    test('deleting the only object of its kind (and so of its bucket): gone from get and list, DELETED with a newer version, and the name is free again', async () => {
      for (const kind of ['Task', 'Event'] as const) {
        const { resourceVersion } = await store.list(kind)
        const w = await watched(resourceVersion, kind)
        const created = await w.next(() => store.create(object(kind, 'alone.h1')))
        await store.delete(kind, 'alone.h1')
        // Read-your-writes, without waiting for the watch.
        const after = await store.list(kind)
        expect(after.items).toEqual([])
        await expect(store.get(kind, 'alone.h1')).rejects.toMatchObject({ code: 'NotFound' })
        await waitFor(() => w.events.length === 2, 'the DELETED event')
        expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED'])
        expect(rvOf(w.events[1]?.object as AnyObject)).toBeGreaterThan(rvOf(created))
        expect(BigInt(store.currentVersion(kind))).toBeGreaterThanOrEqual(rvOf(w.events[1]?.object as AnyObject))
        const again = await w.next(() => store.create(object(kind, 'alone.h1', { again: true })))
        expect((await store.list(kind)).items).toEqual([again])
        w.cancel()
      }
    })
    test('in rounds across buckets, a list right after creates or deletes reflects them all', async () => {
      for (let round = 0; round < 10; round++) {
        for (const kind of ['Task', 'Event'] as const) {
          const names = Array.from({ length: 10 }, (_, i) => `r${round}.h${i}`)
          await Promise.all(names.map((name) => store.create(object(kind, name))))
          expect(
            (await store.list(kind)).items.map((o) => o.metadata.name),
            `${kind} round ${round}`,
          ).toEqual(names)
          await Promise.all(names.map((name) => store.delete(kind, name)))
          expect((await store.list(kind)).items, `${kind} round ${round}`).toEqual([])
        }
      }
    })
  })

  // Many objects and many changes: enough to fill a ZooKeeper store's buckets (paths.ts), with a history to replay them.
  describe(`${name} (Store contract, many objects)`, () => {
    let fixture: StoreFixture
    let store: Store
    beforeEach(async () => {
      fixture = await factory({ historySize: 10_000 })
      store = fixture.store
    })
    afterEach(async () => {
      await store.close()
      await fixture.cleanup?.()
    })

    const MANY = 600
    const taskName = (i: number) => [`web@h${i}`, `web@h${i}~surge`, `x y@h${i}`, `ünï@h${i}`][i % 4] as string
    const inFlight = async (count: number, write: (i: number) => Promise<unknown>) => {
      let next = 0
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < count) await write(next++)
        }),
      )
    }

    test('many Tasks across buckets: each one got, listed in name order, updated and deleted', async () => {
      await inFlight(MANY, (i) => store.create(object('Task', taskName(i), { n: i })))
      const all = await store.list('Task')
      const names = Array.from({ length: MANY }, (_, i) => taskName(i))
      expect(all.items.map((t) => t.metadata.name)).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)))
      for (const i of [0, 1, 2, 3, 299, MANY - 1]) expect((await store.get('Task', taskName(i))).spec).toEqual({ n: i })
      await inFlight(MANY / 2, async (i) => {
        const current = await store.get('Task', taskName(2 * i))
        await store.update({ ...current, spec: { n: 2 * i, updated: true } })
        await store.delete('Task', taskName(2 * i + 1))
      })
      const left = await store.list('Task')
      expect(left.items).toHaveLength(MANY / 2)
      expect(left.items.every((t) => (t.spec as { updated?: boolean }).updated)).toBe(true)
    })

    test('a watch sees concurrent changes across buckets once each, in version order; a list at any version plus the watch from it is the final state', async () => {
      const start = await store.list('Task')
      const events: StoreEvent[] = []
      const cancel = store.watch('Task', start.resourceVersion, (e) => events.push(e))
      const midpoints: ListResult[] = []
      await inFlight(MANY, async (i) => {
        const created = await store.create(object('Task', taskName(i), { n: i }))
        if (i % 3 === 0) await store.update({ ...created, spec: { n: i, again: true } })
        if (i % 5 === 0) await store.delete('Task', taskName(i))
        if (i % 50 === 0) midpoints.push(await store.list('Task'))
      })
      const final = await store.list('Task')
      await waitFor(() => BigInt(store.currentVersion('Task')) >= BigInt(final.resourceVersion), 'the last change')
      await waitFor(() => fold(start.items, events).length === final.items.length, 'every event', 10_000)
      cancel()
      const versions = events.map((e) => rvOf(e.object))
      expect(versions).toEqual([...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      expect(fold(start.items, events)).toEqual(final.items)
      for (const mid of midpoints) {
        const replay: StoreEvent[] = []
        store.watch('Task', mid.resourceVersion, (e) => replay.push(e))()
        expect(fold(mid.items, replay), `from ${mid.resourceVersion}`).toEqual(final.items)
      }
    })
  })
}
