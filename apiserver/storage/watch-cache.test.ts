import { describe, expect, test, vi } from 'vitest'
import type { AnyObject } from '../../apis/index.js'
import { CachedEvent } from './cached-event.js'
import type { StoreEvent } from './store.js'
import { WatchCache } from './watch-cache.js'
import { WATCH_INDEX } from './watch-index.js'

const KiB = 1024
let rv = 0
const jobSpec = () => ({ image: 'busybox', command: ['sleep', '1'], env: { A: 'b' } })
const task = (name: string, host: string, status: Record<string, unknown> = {}): AnyObject =>
  ({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: { name, labels: { app: 'web' }, annotations: {}, resourceVersion: String(++rv) },
    spec: { host, deployment: 'web', job: 'web:v1', jobId: 'web:v1:abc', jobSpec: jobSpec(), goal: 'START' },
    status,
  }) as AnyObject
const hostObject = (name: string, padBytes = 0): AnyObject =>
  ({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name, labels: {}, annotations: { pad: 'x'.repeat(padBytes) }, resourceVersion: String(++rv) },
    spec: {},
  }) as AnyObject
const taskCache = () => {
  const cache = new WatchCache('tasks', 1000, WATCH_INDEX.Task?.valueOf)
  cache.load([], BigInt(rv))
  return cache
}
const jobSpecOf = (cache: WatchCache, name: string) =>
  (cache.get(name)?.spec as { jobSpec: { image: string } } | undefined)?.jobSpec
const isFrozenDeep = (v: unknown): boolean =>
  v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(isFrozenDeep))

describe('WatchCache: objects held compactly', () => {
  test('what is read back equals what was written, frozen throughout', () => {
    const cache = taskCache()
    const loaded = task('a@h1', 'h1')
    const other = new WatchCache('tasks')
    other.load([structuredClone(loaded)], BigInt(rv))
    expect(other.get('a@h1')).toEqual(loaded)
    expect(isFrozenDeep(other.get('a@h1'))).toBe(true)
    const written = task('b@h2', 'h2', { state: 'RUNNING', ports: { http: { internalPort: 80, externalPort: 8080 } } })
    const copy = structuredClone(written)
    cache.apply([{ type: 'ADDED', object: written }])
    expect(cache.get('b@h2')).toEqual(copy)
    expect(JSON.stringify(cache.get('b@h2'))).toBe(JSON.stringify(copy))
    expect(cache.list().items).toEqual([copy])
    expect(isFrozenDeep(cache.get('b@h2'))).toBe(true)
  })

  test("a status write keeps the version before's spec and metadata objects; the event's prevObject is that version", () => {
    const cache = taskCache()
    cache.apply([{ type: 'ADDED', object: task('a@h1', 'h1') }])
    const v1 = cache.get('a@h1') as AnyObject
    const events: StoreEvent[] = []
    cache.watch(undefined, (e) => events.push(e))
    const next = task('a@h1', 'h1', { state: 'RUNNING' })
    cache.apply([{ type: 'MODIFIED', object: next }])
    const v2 = cache.get('a@h1') as AnyObject
    expect(v2.spec).toBe(v1.spec)
    expect(v2.metadata.labels).toBe(v1.metadata.labels)
    expect(v2.status).toEqual({ state: 'RUNNING' })
    expect(events).toEqual([{ type: 'MODIFIED', object: next, prevObject: v1 }])
    expect(events[0]?.prevObject).toBe(v1)
  })

  test("Tasks of one Job share its spec object, in the cache and across versions; a new Job's Tasks get theirs", () => {
    const cache = taskCache()
    cache.apply(['h1', 'h2', 'h3'].map((h) => ({ type: 'ADDED' as const, object: task(`a@${h}`, h) })))
    const specs = ['h1', 'h2', 'h3'].map((h) => jobSpecOf(cache, `a@${h}`))
    expect(specs[0]).toBeDefined()
    expect(new Set(specs).size).toBe(1)
    const moved = task('a@h2', 'h2')
    ;(moved.spec as { jobSpec: { image: string } }).jobSpec.image = 'busybox:2'
    cache.apply([{ type: 'MODIFIED', object: moved }])
    const newSpec = jobSpecOf(cache, 'a@h2')
    expect(newSpec?.image).toBe('busybox:2')
    expect(newSpec).not.toBe(specs[0])
    expect(jobSpecOf(cache, 'a@h1')).toBe(specs[0])
  })
})

describe('WatchCache: one event for every watcher', () => {
  test('every watcher gets the same CachedEvent; its line is encoded once, whatever number of watchers asks', () => {
    const cache = taskCache()
    const seen: StoreEvent[] = []
    for (let i = 0; i < 100; i++) cache.watch(undefined, (e) => seen.push(e))
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      cache.apply([{ type: 'ADDED', object: task('a@h1', 'h1') }])
      const event = seen[0] as CachedEvent
      expect(event).toBeInstanceOf(CachedEvent)
      expect(seen.every((e) => e === event)).toBe(true)
      const lines = seen.map((e) => (e as CachedEvent).line('ADDED'))
      expect(lines.every((l) => l === lines[0])).toBe(true)
      const encodings = stringify.mock.calls.filter(([v]) => v === event.object).length
      expect(encodings).toBe(1)
      expect(lines[0]?.toString()).toBe(`${JSON.stringify({ type: 'ADDED', object: event.object })}\n`)
    } finally {
      stringify.mockRestore()
    }
  })

  test('a thousand host-indexed watchers: a change reaches its host only (and both hosts when a Task moves)', () => {
    const cache = taskCache()
    const calls = new Map<string, number>()
    for (let h = 0; h < 1000; h++) {
      cache.watch(undefined, () => calls.set(`h${h}`, (calls.get(`h${h}`) ?? 0) + 1), `h${h}`)
    }
    let plain = 0
    cache.watch(undefined, () => plain++)
    cache.apply([{ type: 'ADDED', object: task('a@h7', 'h7') }])
    expect([...calls]).toEqual([['h7', 1]])
    cache.apply([{ type: 'MODIFIED', object: task('a@h7', 'h500') }])
    expect([...calls].sort()).toEqual([
      ['h500', 1],
      ['h7', 2],
    ])
    expect(plain).toBe(2)
  })

  test('an object that cannot be encoded is applied, and fails only the watchers that send it', () => {
    const cache = taskCache()
    const seen: CachedEvent[] = []
    cache.watch(undefined, (e) => seen.push(e as CachedEvent))
    const odd = task('a@h1', 'h1', { n: 1n as unknown as number })
    expect(() => cache.apply([{ type: 'ADDED', object: odd }])).not.toThrow()
    expect(cache.get('a@h1')).toBeDefined()
    expect(() => seen[0]?.line('ADDED')).toThrow(TypeError)
    cache.apply([{ type: 'ADDED', object: task('b@h1', 'h1') }])
    expect(seen[1]?.line('ADDED').toString()).toContain('"b@h1"')
  })
})

describe('WatchCache: the retained window is bounded by bytes as well as by count', () => {
  test('big objects: only what fits in the bytes is replayed; older versions are Expired; the newest is always kept', () => {
    const cache = new WatchCache('hosts', 1000, undefined, 64 * KiB)
    cache.load([], BigInt(rv))
    const start = BigInt(rv)
    const versions: bigint[] = []
    for (let i = 0; i < 20; i++) {
      cache.apply([{ type: 'ADDED', object: hostObject(`h${i}`, 10 * KiB) }])
      versions.push(BigInt(rv))
    }
    expect(() => cache.watch(start, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }))
    const from = versions[13] as bigint
    const replayed: string[] = []
    cache.watch(from, (e) => replayed.push(e.object.metadata.name))()
    expect(replayed).toEqual(['h14', 'h15', 'h16', 'h17', 'h18', 'h19'])
    // One object bigger than the whole window: still replayable by a watch right before it.
    const before = BigInt(rv)
    cache.apply([{ type: 'ADDED', object: hostObject('huge', 100 * KiB) }])
    const huge: string[] = []
    cache.watch(before, (e) => huge.push(e.object.metadata.name))()
    expect(huge).toEqual(['huge'])
  })

  test('small objects: the count bounds the window, as before', () => {
    const cache = new WatchCache('hosts', 10)
    cache.load([], BigInt(rv))
    const start = BigInt(rv)
    for (let i = 0; i < 30; i++) cache.apply([{ type: 'ADDED', object: hostObject(`h${i}`) }])
    expect(() => cache.watch(start, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }))
    const replayed: string[] = []
    cache.watch(BigInt(rv) - 10n, (e) => replayed.push(e.object.metadata.name))()
    expect(replayed).toHaveLength(10)
  })
})
