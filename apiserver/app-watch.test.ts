import { afterEach, describe, expect, test } from 'vitest'
import { MemoryStore } from './storage/memory-store.js'
import { host, serveTestApp, type TestServer, task, until } from './test-fixture.js'

const HOSTS = '/apis/helios/v1/hosts'
const TASKS = '/apis/helios/v1/tasks'
// biome-ignore lint/suspicious/noExplicitAny: watch lines are arbitrary JSON
const summary = (events: any[]) => events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`.trim())

let s: TestServer
afterEach(() => s.close())

describe('watch', () => {
  test('streams NDJSON: current objects as ADDED, then changes in order', async () => {
    s = await serveTestApp()
    await s.call('POST', HOSTS, host('h1'))
    const w = await s.watch(`${HOSTS}?watch=1`)
    expect(w.status).toBe(200)
    expect(w.contentType).toBe('application/x-ndjson')
    await until(() => w.events.length === 1, 'initial ADDED')
    await s.call('POST', HOSTS, host('h2'))
    await s.call('PUT', `${HOSTS}/h1`, host('h1', { a: 'b' }))
    await s.call('DELETE', `${HOSTS}/h2`)
    await until(() => w.events.length === 4, 'four events')
    expect(summary(w.events)).toEqual(['ADDED h1', 'ADDED h2', 'MODIFIED h1', 'DELETED h2'])
    const versions = w.events.slice(1).map((e) => Number(e.object.metadata.resourceVersion))
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
  })

  test('resumes from a resourceVersion with only what came after it', async () => {
    s = await serveTestApp()
    const first = (await s.call('POST', HOSTS, host('h1'))).body
    await s.call('POST', HOSTS, host('h2'))
    await s.call('DELETE', `${HOSTS}/h1`)
    const w = await s.watch(`${HOSTS}?watch=true&resourceVersion=${first.metadata.resourceVersion}`)
    await until(() => w.events.length === 2, 'replayed events')
    expect(summary(w.events)).toEqual(['ADDED h2', 'DELETED h1'])
  })

  test('with a fieldSelector, an object moving away is DELETED and one moving in ADDED', async () => {
    s = await serveTestApp()
    await s.call('POST', TASKS, task('web', 'h1'))
    const w = await s.watch(`${TASKS}?watch=1&fieldSelector=spec.host%3Dh1`)
    await until(() => w.events.length === 1, 'initial ADDED')
    await s.call('POST', TASKS, task('db', 'h2', 'db:v1'))
    const moved = { ...task('web', 'h1'), spec: { ...task('web', 'h1').spec, host: 'h2' } }
    await s.call('PUT', `${TASKS}/web@h1`, moved)
    const arrived = { ...task('db', 'h2', 'db:v1'), spec: { ...task('db', 'h2', 'db:v1').spec, host: 'h1' } }
    await s.call('PUT', `${TASKS}/db@h2`, arrived)
    await until(() => w.events.length === 3, 'three events')
    expect(summary(w.events)).toEqual(['ADDED web@h1', 'DELETED web@h1', 'ADDED db@h2'])
    expect(w.events[1].object.spec.host).toBe('h2')
  })

  test('a version older than the window is one ERROR line with a 410 Status, then the end', async () => {
    s = await serveTestApp({ store: new MemoryStore({ historySize: 2 }) })
    for (const name of ['h1', 'h2', 'h3', 'h4']) await s.call('POST', HOSTS, host(name))
    const w = await s.watch(`${HOSTS}?watch=1&resourceVersion=1`)
    await w.ended
    expect(w.events).toHaveLength(1)
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })
  })

  test('an idle watch sends BOOKMARKs with the latest version', async () => {
    s = await serveTestApp({ bookmarkIntervalMs: 30 })
    await s.call('POST', TASKS, task('web', 'h1'))
    const other = (await s.call('POST', TASKS, task('web', 'h2'))).body
    const w = await s.watch(`${TASKS}?watch=1&fieldSelector=spec.host%3Dh9&resourceVersion=1`)
    await until(() => w.events.some((e) => e.type === 'BOOKMARK'), 'a bookmark')
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK')
    expect(bookmark.object).toEqual({
      kind: 'Task',
      apiVersion: 'helios/v1',
      metadata: { resourceVersion: other.metadata.resourceVersion },
    })
  })

  test('bad parameters are a 400 before any stream; a closed client releases its watcher', async () => {
    s = await serveTestApp()
    expect((await s.call('GET', `${HOSTS}?watch=1&resourceVersion=abc`)).body).toMatchObject({ code: 400 })
    expect((await s.call('GET', `${HOSTS}?watch=1&labelSelector=${encodeURIComponent('a in')}`)).status).toBe(400)
    const openWatches = async () => /helios_apiserver_watches (\d+)/.exec((await s.call('GET', '/metrics')).body)?.[1]
    const w = await s.watch(`${HOSTS}?watch=1`)
    expect(await openWatches()).toBe('1')
    w.stop()
    for (let i = 0; i < 100 && (await openWatches()) !== '0'; i++) await new Promise((r) => setTimeout(r, 10))
    expect(await openWatches()).toBe('0')
  })
})
