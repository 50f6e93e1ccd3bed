import { afterEach, describe, expect, test, vi } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { MemoryStore } from './storage/memory-store.js'
import { host, serveTestApp, type TestServer, task, until, type WatchHandle } from './test-fixture.js'

const HOSTS = '/apis/helios/v1/hosts'
const TASKS = '/apis/helios/v1/tasks'

let s: TestServer
afterEach(() => s.close())

const open = (count: number, path: string): Promise<WatchHandle[]> =>
  Promise.all(Array.from({ length: count }, () => s.watch(path)))
// biome-ignore lint/suspicious/noExplicitAny: watch lines are arbitrary JSON
const lastOf = (w: WatchHandle): any => w.events.at(-1)

/** The object a JSON.stringify call encoded: its argument, or the object of the watch event it was given. */
const encodedObject = (value: unknown): Partial<AnyObject> | undefined => {
  const v = value as { type?: unknown; object?: Partial<AnyObject> } | undefined
  return typeof v?.type === 'string' && v.object ? v.object : (v as Partial<AnyObject> | undefined)
}

/** Runs `write` with JSON.stringify counted: how often it encoded the stored object `kind/name`, and in all. */
async function encodings(kind: string, name: string, write: () => Promise<unknown>) {
  const stringify = vi.spyOn(JSON, 'stringify')
  try {
    await write()
    const calls = stringify.mock.calls.map(([v]) => encodedObject(v))
    return { ofObject: calls.filter((v) => v?.kind === kind && v.metadata?.name === name).length, all: calls.length }
  } finally {
    stringify.mockRestore()
  }
}

describe('serialize once: one change, one encoding, whatever number of watchers', () => {
  test('300 watchers whose selectors make the change MODIFIED, DELETED or ADDED: one JSON.stringify in all', async () => {
    s = await serveTestApp()
    const created = (await s.call('POST', HOSTS, host('h1', { tier: 'web' }))).body
    const from = created.metadata.resourceVersion
    const plain = await open(100, `${HOSTS}?watch=1&resourceVersion=${from}`)
    const leaving = await open(100, `${HOSTS}?watch=1&resourceVersion=${from}&labelSelector=tier%3Dweb`)
    const entering = await open(100, `${HOSTS}?watch=1&resourceVersion=${from}&labelSelector=tier%21%3Dweb`)
    const current = s.store.peek('Host', 'h1') as AnyObject
    const count = await encodings('Host', 'h1', () =>
      s.store.update({ ...current, metadata: { ...current.metadata, labels: { tier: 'db' } } }),
    )
    expect(count).toEqual({ ofObject: 1, all: 1 })
    const all = [...plain, ...leaving, ...entering]
    await until(() => all.every((w) => w.events.length === 1), 'every watcher seeing the change')
    const stored = JSON.parse(JSON.stringify(s.store.peek('Host', 'h1')))
    expect(plain.map((w) => lastOf(w).type)).toEqual(Array(100).fill('MODIFIED'))
    expect(leaving.map((w) => lastOf(w).type)).toEqual(Array(100).fill('DELETED'))
    expect(entering.map((w) => lastOf(w).type)).toEqual(Array(100).fill('ADDED'))
    expect(all.every((w) => JSON.stringify(lastOf(w).object) === JSON.stringify(stored))).toBe(true)
  }, 30_000)

  test('the count does not grow with the watchers: 1, 10, 200 watchers of one Job each cost one encoding', async () => {
    s = await serveTestApp()
    await s.call('POST', '/apis/helios/v1/jobs', {
      apiVersion: 'helios/v1',
      kind: 'Job',
      metadata: { name: 'web:v1' },
      spec: { image: 'nginx' },
    })
    const path = `/apis/helios/v1/jobs?watch=1&fieldSelector=metadata.name%3Dweb%3Av1&resourceVersion=${s.store.currentVersion('Job')}`
    const watchers: WatchHandle[] = []
    const counts: number[] = []
    for (const total of [1, 10, 200]) {
      watchers.push(...(await open(total - watchers.length, path)))
      const current = s.store.peek('Job', 'web:v1') as AnyObject
      const annotations = { round: String(total) }
      const { ofObject } = await encodings('Job', 'web:v1', () =>
        s.store.update({ ...current, metadata: { ...current.metadata, annotations } }),
      )
      counts.push(ofObject)
      await until(
        () => watchers.every((w) => lastOf(w)?.object.metadata.annotations.round === String(total)),
        `round ${total}`,
      )
    }
    // A Job's spec is also hashed once to share it with its Tasks' copies (shared-subtrees.ts): that is not a line.
    expect(counts).toEqual([1, 1, 1])
  }, 30_000)

  test('a Task moving between hosts: DELETED to the old host, ADDED to the new, MODIFIED to the controllers', async () => {
    s = await serveTestApp()
    const created = (await s.call('POST', TASKS, task('web', 'h1'))).body
    const from = created.metadata.resourceVersion
    const h1 = await open(20, `${TASKS}?watch=1&resourceVersion=${from}&fieldSelector=spec.host%3Dh1`)
    const h2 = await open(20, `${TASKS}?watch=1&resourceVersion=${from}&fieldSelector=spec.host%3Dh2`)
    const h3 = await open(20, `${TASKS}?watch=1&resourceVersion=${from}&fieldSelector=spec.host%3Dh3`)
    const all = await open(5, `${TASKS}?watch=1&resourceVersion=${from}`)
    const count = await encodings('Task', 'web@h1', () =>
      s.store.update({ ...created, spec: { ...created.spec, host: 'h2' } }),
    )
    expect(count.ofObject).toBe(1)
    await until(() => [...h1, ...h2, ...all].every((w) => w.events.length === 1), 'the move')
    expect(new Set(h1.map((w) => lastOf(w).type))).toEqual(new Set(['DELETED']))
    expect(new Set(h2.map((w) => lastOf(w).type))).toEqual(new Set(['ADDED']))
    expect(new Set(all.map((w) => lastOf(w).type))).toEqual(new Set(['MODIFIED']))
    expect(lastOf(h1[0] as WatchHandle).object.spec.host).toBe('h2')
    await new Promise((r) => setTimeout(r, 100))
    expect(h3.every((w) => w.events.length === 0)).toBe(true)
  }, 30_000)

  test('BOOKMARKs reach every idle watcher with the latest version, encoded once per kind and version', async () => {
    s = await serveTestApp({ bookmarkIntervalMs: 40, store: new MemoryStore() })
    await s.call('POST', TASKS, task('web', 'h1'))
    const idle = await open(50, `${TASKS}?watch=1&fieldSelector=spec.host%3Dh9&resourceVersion=1`)
    const latest = (await s.call('POST', TASKS, task('db', 'h2', 'db:v1'))).body.metadata.resourceVersion
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      const bookmarked = (w: WatchHandle) =>
        w.events.filter((e) => e.type === 'BOOKMARK' && e.object.metadata.resourceVersion === latest).length
      await until(() => idle.every((w) => bookmarked(w) >= 2), 'two bookmarks on every watcher')
      const encoded = stringify.mock.calls.filter(([v]) => {
        const o = encodedObject(v)
        return o?.kind === 'Task' && o.metadata?.resourceVersion === latest && o.metadata?.name === undefined
      })
      // One (none if every bookmark at that version was written before the spy): never one per watcher.
      expect(encoded.length).toBeLessThanOrEqual(1)
    } finally {
      stringify.mockRestore()
    }
    expect(lastOf(idle[0] as WatchHandle).object).toEqual({
      kind: 'Task',
      apiVersion: 'helios/v1',
      metadata: { resourceVersion: latest },
    })
  }, 30_000)
})
