// Consistency over HTTP on a real ZooKeeper: compare-and-set under concurrency, watch resume without loss or
// duplicates, and 410 Expired for a version older than the window, recovered by relisting.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { silentLog } from '../../apiserver/log.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { serveTestApp, type TestServer, until } from '../../apiserver/test-fixture.js'
import { randomId, startZooKeeper, waitFor, type ZooKeeperHandle } from '../harness.js'

const HOSTS = '/apis/helios/v1/hosts'
const host = (name: string, labels: Record<string, string> = {}, resourceVersion?: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels, ...(resourceVersion && { resourceVersion }) },
  spec: {},
})

let zk: ZooKeeperHandle
const servers: TestServer[] = []
beforeAll(async () => {
  zk = await startZooKeeper()
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  await zk?.stop()
})

/** An apiserver (in process, over HTTP) on its own ZooKeeperStore under `root`. */
async function apiserver(root: string, historySize?: number): Promise<TestServer> {
  const store = new ZooKeeperStore({ connect: zk.connect, root, log: silentLog, historySize, sessionTimeoutMs: 4_000 })
  await store.start()
  const server = await serveTestApp({ store, bookmarkIntervalMs: 60_000 })
  servers.push(server)
  return server
}

describe('consistency on ZooKeeper', () => {
  test('10 concurrent PUTs with one resourceVersion, across two apiservers: one 200, nine 409', async () => {
    const root = `/cas-${randomId()}`
    const [a, b] = [await apiserver(root), await apiserver(root)]
    const created = await a.call('POST', HOSTS, host('h1'))
    expect(created.status).toBe(201)
    const rv = created.body.metadata.resourceVersion
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).call('PUT', `${HOSTS}/h1`, host('h1', { n: `${i}` }, rv))),
    )
    const codes = replies.map((r) => r.status)
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 409)).toHaveLength(9)
    for (const r of replies.filter((r) => r.status === 409))
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Conflict' })
    const winner = replies.find((r) => r.status === 200)?.body
    // Both apiservers converge on the winner (each reads its own watch cache).
    for (const s of [a, b]) {
      const stored = await waitFor(
        async () => {
          const got = (await s.call('GET', `${HOSTS}/h1`)).body
          return got.metadata.resourceVersion === winner.metadata.resourceVersion && got
        },
        { timeoutMs: 5_000, what: 'the winning write on both apiservers' },
      )
      expect(stored.metadata.labels).toEqual(winner.metadata.labels)
    }
  })

  test('a watcher that disconnects and resumes from its last version sees every change once, in order', async () => {
    const root = `/resume-${randomId()}`
    const [reader, writer] = [await apiserver(root), await apiserver(root)]
    const start = (await reader.call('GET', HOSTS)).body.metadata.resourceVersion
    const writes: string[] = []
    const write = async (method: string, name: string, labels: Record<string, string> = {}) => {
      const path = method === 'POST' ? HOSTS : `${HOSTS}/${name}`
      const reply = await writer.call(method, path, method === 'DELETE' ? undefined : host(name, labels))
      expect(reply.status).toBeLessThan(300)
      writes.push(`${{ POST: 'ADDED', PUT: 'MODIFIED', DELETE: 'DELETED' }[method]} ${name}`)
    }
    const seen: { type: string; name: string; rv: string }[] = []
    const follow = async (from: string, count: number) => {
      const w = await reader.watch(`${HOSTS}?watch=1&resourceVersion=${from}`)
      await until(() => w.events.filter((e) => e.type !== 'BOOKMARK').length >= count, `${count} events`)
      w.stop()
      for (const e of w.events.filter((e) => e.type !== 'BOOKMARK'))
        seen.push({ type: e.type, name: e.object.metadata.name, rv: e.object.metadata.resourceVersion })
    }
    await write('POST', 'a')
    await write('POST', 'b')
    await write('PUT', 'a', { x: '1' })
    await follow(start, 3)
    // Disconnected: these happen while nobody watches.
    await write('DELETE', 'b')
    await write('PUT', 'a', { x: '2' })
    await write('POST', 'c')
    await follow(seen.at(-1)?.rv as string, 3)
    expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual(writes)
    const versions = seen.map((e) => BigInt(e.rv))
    expect(new Set(versions).size).toBe(versions.length)
    expect(versions).toEqual([...versions].sort((x, y) => (x < y ? -1 : 1)))
  })

  test('resuming from a version older than the window: one ERROR 410 Expired, then a relist recovers', async () => {
    const s = await apiserver(`/expired-${randomId()}`, 5)
    const old = (await s.call('POST', HOSTS, host('h1'))).body.metadata.resourceVersion
    for (let i = 0; i < 12; i++)
      expect((await s.call('PUT', `${HOSTS}/h1`, host('h1', { n: `${i}` }))).status).toBe(200)
    const stale = await s.watch(`${HOSTS}?watch=1&resourceVersion=${old}`)
    await stale.ended
    expect(stale.events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ])
    const list = (await s.call('GET', HOSTS)).body
    expect(list.items.map((h: { metadata: { labels: unknown } }) => h.metadata.labels)).toEqual([{ n: '11' }])
    const fresh = await s.watch(`${HOSTS}?watch=1&resourceVersion=${list.metadata.resourceVersion}`)
    await s.call('PUT', `${HOSTS}/h1`, host('h1', { n: 'after' }))
    await until(() => fresh.events.some((e) => e.type === 'MODIFIED'), 'the MODIFIED after relisting')
    fresh.stop()
    expect(fresh.events.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, e.object.metadata.labels])).toEqual([
      ['MODIFIED', { n: 'after' }],
    ])
  })
})
