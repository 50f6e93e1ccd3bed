import { afterEach, describe, expect, test } from 'vitest'
import { ApiError, type Kind } from '../apis/index.js'
import { MemoryStore } from './storage/memory-store.js'
import type { StoreEvent, WatchOptions } from './storage/store.js'
import { host, serveTestApp, type TestServer, task } from './test-fixture.js'
import { eventually, metric } from './testing/raw-watch.js'

const HOSTS = '/apis/helios/v1/hosts'
const TASKS = '/apis/helios/v1/tasks'

/** A MemoryStore whose reads and watch bookkeeping throw while `failure` is set, as ZooKeeperStore's did while away. */
class FailingStore extends MemoryStore {
  failure: (() => Error) | undefined

  override currentVersion(kind: Kind): string {
    if (this.failure) throw this.failure()
    return super.currentVersion(kind)
  }

  override waitForVersion(kind: Kind, version: string, timeoutMs: number): Promise<boolean> {
    if (this.failure) throw this.failure()
    return super.waitForVersion(kind, version, timeoutMs)
  }

  override list(kind: Kind) {
    if (this.failure) return Promise.reject(this.failure())
    return super.list(kind)
  }

  override watch(kind: Kind, from: string | undefined, onEvent: (e: StoreEvent) => void, opts?: WatchOptions) {
    if (this.failure) throw this.failure()
    return super.watch(kind, from, onEvent, opts)
  }
}

let s: TestServer
afterEach(() => s.close())

const unavailable = () => new ApiError('Unavailable', 'ZooKeeper at 127.0.0.1:1 is unreachable')
const sample = async (series: string) => metric((await s.call('GET', '/metrics')).body, series)

describe('a store that throws while watches are open (ZooKeeper away)', () => {
  test.each([
    ['Unavailable', unavailable],
    ['a foreign error', () => new TypeError('boom')],
  ])(
    '%s: bookmarks go on with the last version sent, nothing crashes, the watches resume',
    async (_name, failure) => {
      const store = new FailingStore()
      s = await serveTestApp({ store, bookmarkIntervalMs: 20 })
      await s.call('POST', TASKS, task('web', 'h1'))
      const other = (await s.call('POST', TASKS, task('web', 'h2'))).body
      const first = (await s.call('POST', HOSTS, host('a'))).body
      const watches = [
        await s.watch(`${TASKS}?watch=1&fieldSelector=spec.host%3Dh1`),
        await s.watch(`${TASKS}?watch=1&fieldSelector=spec.host%3Dh9&resourceVersion=1`),
        await s.watch(`${HOSTS}?watch=1&resourceVersion=${first.metadata.resourceVersion}`),
      ]
      await eventually(async () => watches.every((w) => w.events.some((e) => e.type === 'BOOKMARK')), 'bookmarks')
      const before = watches.map((w) => w.events.length)
      store.failure = failure
      // Many bookmark intervals inside the outage; the process must neither exit nor stop answering.
      await eventually(
        async () => watches.every((w, i) => w.events.length >= (before[i] ?? 0) + 10),
        'ten bookmarks each during the outage',
      )
      expect((await s.call('GET', '/healthz')).status).toBe(200)
      expect((await s.call('GET', HOSTS)).status).toBe(failure === unavailable ? 503 : 500)
      expect((await s.call('GET', `${HOSTS}?watch=1`)).status).toBe(failure === unavailable ? 503 : 500)
      expect((await s.call('GET', `${HOSTS}?watch=1&resourceVersion=1`)).status).toBe(
        failure === unavailable ? 503 : 500,
      )
      expect(await sample('helios_apiserver_watches')).toBe(3)
      const lastVersions = watches.map((w) => w.events.at(-1)?.object.metadata.resourceVersion)
      // The indexed watches bookmark the Tasks' version, the Host watch the version of its last event.
      expect(lastVersions).toEqual([
        other.metadata.resourceVersion,
        other.metadata.resourceVersion,
        first.metadata.resourceVersion,
      ])
      store.failure = undefined
      await s.call('POST', TASKS, task('db', 'h1', 'db:v1'))
      await s.call('PUT', `${HOSTS}/a`, host('a', { back: 'yes' }))
      await eventually(async () => watches[0]?.events.some((e) => e.object.metadata.name === 'db@h1'), 'a new Task')
      await eventually(async () => watches[2]?.events.some((e) => e.type === 'MODIFIED'), 'a Host change')
      const after = await eventually(async () => {
        const bookmark = watches[1]?.events.findLast((e) => e.type === 'BOOKMARK')
        return BigInt(bookmark.object.metadata.resourceVersion) > BigInt(first.metadata.resourceVersion) && bookmark
      }, 'an indexed watch bookmarking past the outage')
      expect(after.object.kind).toBe('Task')
    },
    30_000,
  )

  test('a watch the store cannot start ends with one ERROR line (500 for a foreign error), the app goes on', async () => {
    const store = new MemoryStore()
    // Only watch() fails: the version check before the stream passes.
    store.watch = () => {
      throw new TypeError('boom')
    }
    s = await serveTestApp({ store })
    const created = (await s.call('POST', HOSTS, host('a'))).body
    for (const query of [`resourceVersion=${created.metadata.resourceVersion}`, 'resourceVersion=0']) {
      const w = await s.watch(`${HOSTS}?watch=1&${query}`)
      await w.ended
      expect(w.events.filter((e) => e.type !== 'ADDED')).toEqual([
        { type: 'ERROR', object: expect.objectContaining({ code: 500, reason: 'Internal' }) },
      ])
    }
    expect((await s.call('GET', '/healthz')).status).toBe(200)
    expect(await sample('helios_apiserver_watches')).toBe(0)
  })
})
