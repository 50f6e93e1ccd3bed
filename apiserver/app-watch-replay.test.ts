import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { MemoryStore } from './storage/memory-store.js'
import { host, serveTestApp, type TestServer } from './test-fixture.js'
import { eventually, metric, openRawWatch, type RawWatch, watchLines } from './testing/raw-watch.js'

const HOSTS = '/apis/helios/v1/hosts'
const KiB = 1024

let s: TestServer
const raws: RawWatch[] = []
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy()
  await s.close()
})

const sample = async (series: string) => metric((await s.call('GET', '/metrics')).body, series)

async function raw(path: string): Promise<RawWatch> {
  const w = await openRawWatch(s.url, path)
  raws.push(w)
  return w
}

const padded = (name: string, bytes: number, labels: Record<string, string> = {}): AnyObject => ({
  ...host(name),
  metadata: { name, labels, annotations: { pad: 'x'.repeat(bytes) } },
})

/** Names → resourceVersion after applying a watch's events in order, as an informer would. */
// biome-ignore lint/suspicious/noExplicitAny: watch lines are arbitrary JSON
function replayState(events: any[]): Map<string, string> {
  const state = new Map<string, string>()
  for (const e of events) {
    if (e.type === 'DELETED') state.delete(e.object.metadata.name)
    else if (e.type === 'ADDED' || e.type === 'MODIFIED')
      state.set(e.object.metadata.name, e.object.metadata.resourceVersion)
  }
  return state
}

describe('the initial replay (watch without resourceVersion)', () => {
  test('is written as fast as the client reads: a stalled client holds one buffer, not the list', async () => {
    s = await serveTestApp()
    const responses: ServerResponse[] = []
    s.server.on('request', (_req, res: ServerResponse) => responses.push(res))
    for (let i = 0; i < 200; i++) await s.store.create(padded(`h${String(i).padStart(3, '0')}`, 32 * KiB))
    const stalled = await raw(`${HOSTS}?watch=1`)
    const stream = await eventually(async () => responses[0], 'the watch request')
    // 6.4 MB of list, more than the kernel's buffers take: the replay stalls once they are full.
    await eventually(async () => stream.writableLength > 0, 'the replay stalled')
    // Node's buffer of the stalled stream then holds its high-water mark and at most one line, never the list.
    for (let i = 0; i < 30; i++) {
      expect(stream.writableLength).toBeLessThan(16 * KiB + 2 * 33 * KiB)
      expect(await sample('helios_apiserver_watch_buffered_bytes')).toBe(stream.writableLength)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await s.store.create(padded('live', 10))
    stalled.read()
    const names = await eventually(async () => {
      const lines = watchLines(stalled.text())
      return lines.length === 201 && lines.map((e) => `${e.type} ${e.object.metadata.name}`)
    }, 'the whole list, then the live event')
    expect(names.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => `ADDED h${String(i).padStart(3, '0')}`))
    expect(names[200]).toBe('ADDED live')
  }, 30_000)

  test('writes racing a slow replay are neither lost, duplicated nor reordered (10 rounds)', async () => {
    s = await serveTestApp()
    let next = 0
    const names: string[] = []
    for (let i = 0; i < 150; i++) {
      const created = await s.store.create(padded(`h${next++}`, 48 * KiB))
      names.push(created.metadata.name)
    }
    for (let round = 0; round < 10; round++) {
      const watch = await raw(`${HOSTS}?watch=1`)
      // The kernel's buffers are full and the replay waits for the client: the writes below race it.
      await eventually(async () => (await sample('helios_apiserver_watch_buffered_bytes')) > 0, 'the replay stalled')
      for (let op = 0; op < 60; op++) {
        if (op === 20) watch.read()
        const pick = names[(op * 7 + round * 13) % names.length] as string
        if (op % 3 === 0) names.push((await s.store.create(padded(`h${next++}`, 48 * KiB))).metadata.name)
        else if (op % 3 === 1) await s.store.update(padded(pick, 48 * KiB, { round: String(round), op: String(op) }))
        else {
          await s.store.delete('Host', pick)
          names.splice(names.indexOf(pick), 1)
        }
      }
      const marker = `marker-${round}`
      await s.store.create(padded(marker, 0))
      const events = await eventually(async () => {
        const lines = watchLines(watch.text())
        return lines.some((e) => e.object.metadata.name === marker) && lines
      }, `round ${round}: the marker`)
      const { items } = await s.store.list('Host')
      const expected = new Map(items.map((o) => [o.metadata.name, o.metadata.resourceVersion as string]))
      expect(replayState(events)).toEqual(expected)
      const seen = events.map((e) => `${e.object.metadata.name}@${e.object.metadata.resourceVersion}/${e.type}`)
      expect(new Set(seen).size).toBe(seen.length)
      await s.store.delete('Host', marker)
      watch.destroy()
      await eventually(async () => (await sample('helios_apiserver_watches')) === 0, 'the watch closed')
    }
  }, 60_000)

  test('when more changed during the replay than the history holds, the stream ends with 410 Expired', async () => {
    s = await serveTestApp({ store: new MemoryStore({ historySize: 10 }) })
    for (let i = 0; i < 150; i++) await s.store.create(padded(`h${i}`, 32 * KiB))
    const stalled = await raw(`${HOSTS}?watch=1`)
    await eventually(async () => (await sample('helios_apiserver_watches')) === 1, 'the watch open')
    for (let i = 0; i < 30; i++) await s.store.update(padded(`h${i}`, 10, { changed: 'yes' }))
    stalled.read()
    await stalled.closed
    const lines = watchLines(stalled.text())
    expect(lines.slice(0, 150).every((e) => e.type === 'ADDED')).toBe(true)
    expect(lines.slice(150)).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ])
    expect(stalled.endedCleanly()).toBe(true)
  }, 30_000)
})

describe('a resourceVersion from the future', () => {
  test('is waited for, then refused with 503 naming resourceVersion, for any size (no events silently dropped)', async () => {
    s = await serveTestApp({ futureVersionWaitMs: 100 })
    const created = await s.call('POST', HOSTS, host('h1'))
    const current = BigInt(created.body.metadata.resourceVersion)
    for (const ahead of [current + 1n, current + 1000n, 99_999_999_999_999_999_999n]) {
      const res = await s.call('GET', `${HOSTS}?watch=1&resourceVersion=${ahead}`)
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({
        reason: 'Unavailable',
        message: expect.stringContaining(`resourceVersion ${ahead} is newer than this apiserver has seen`),
        causes: [{ field: 'resourceVersion', message: expect.stringContaining('ResourceVersionTooLarge') }],
      })
    }
    expect(await sample('helios_apiserver_watch_refusals_total{reason="future-version"}')).toBe(3)
    expect(await sample('helios_apiserver_watches')).toBe(0)
    const now = await s.watch(`${HOSTS}?watch=1&resourceVersion=${current}`)
    expect(now.status).toBe(200)
  })

  test('a version reached while waiting starts the watch with only what came after it', async () => {
    s = await serveTestApp({ futureVersionWaitMs: 10_000 })
    const first = await s.store.create(padded('a', 0))
    const ahead = BigInt(first.metadata.resourceVersion as string) + 2n
    const pending = s.watch(`${HOSTS}?watch=1&resourceVersion=${ahead}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await s.store.create(padded('b', 0))
    await s.store.create(padded('c', 0))
    const w = await pending
    expect(w.status).toBe(200)
    await s.store.create(padded('d', 0))
    await eventually(async () => w.events.length === 1, 'one event')
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED d'])
  })
})
