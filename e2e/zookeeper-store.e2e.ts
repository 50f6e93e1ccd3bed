// ZooKeeperStore against a real ZooKeeper: the shared Store contract, a second replica's writes, an outage, a lost session.
import { createConnection, createServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { silentLog } from '../apiserver/log.js'
import type { StoreEvent } from '../apiserver/storage/store.js'
import { storeContract } from '../apiserver/storage/store-contract.js'
import { eventsContract } from '../apiserver/storage/store-events-contract.js'
import { holdingsContract } from '../apiserver/storage/store-holdings-contract.js'
import { ZooKeeperStore } from '../apiserver/storage/zookeeper-store.js'
import { randomId, startZooKeeper, waitFor, type ZooKeeperHandle } from './harness.js'

let zk: ZooKeeperHandle
beforeAll(async () => {
  zk = await startZooKeeper()
})
afterAll(async () => {
  await zk?.stop()
})

async function openStore(root: string, historySize?: number, connect = zk.connect): Promise<ZooKeeperStore> {
  const store = new ZooKeeperStore({ connect, root, log: silentLog, historySize, sessionTimeoutMs: 4_000 })
  await store.start()
  return store
}

storeContract('ZooKeeperStore', async ({ historySize }) => ({
  store: await openStore(`/contract-${randomId()}`, historySize),
}))
holdingsContract('ZooKeeperStore', async ({ historySize }) => ({
  store: await openStore(`/holdings-${randomId()}`, historySize),
}))
eventsContract('ZooKeeperStore', async ({ historySize }) => ({
  store: await openStore(`/events-${randomId()}`, historySize),
}))

const host = (name: string, unschedulable = false): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels: {}, annotations: {} },
  spec: { unschedulable },
})

describe('ZooKeeperStore on a shared ensemble', () => {
  test("a replica's watch sees another replica's writes, in order", async () => {
    const root = `/replicas-${randomId()}`
    const [a, b] = [await openStore(root), await openStore(root)]
    const events: StoreEvent[] = []
    const cancel = a.watch('Host', (await a.list('Host')).resourceVersion, (e) => events.push(e))
    const created = await b.create(host('h1'))
    await b.create(host('h2'))
    await b.update({ ...created, spec: { unschedulable: true } })
    // ZooKeeper's child watches report the list as it is when read, so an object created and deleted between two
    // reads is never seen at all (the watch stays level-correct); a DELETED needs the watcher to have seen it.
    await waitFor(async () => events.some((e) => e.object.metadata.name === 'h2'), {
      timeoutMs: 5_000,
      what: 'h2 seen',
    })
    await b.delete('Host', 'h2')
    await waitFor(async () => events.some((e) => e.type === 'DELETED'), { timeoutMs: 5_000, what: 'the DELETED event' })
    const versions = events.map((e) => BigInt(e.object.metadata.resourceVersion ?? '0'))
    expect(versions).toEqual([...versions].sort((x, y) => (x < y ? -1 : 1)))
    expect((await a.list('Host')).items.map((h) => [h.metadata.name, h.spec])).toEqual([
      ['h1', { unschedulable: true }],
    ])
    cancel()
    await Promise.all([a.close(), b.close()])
  })

  test('an outage makes the store unready and Unavailable; it recovers with its data and watches', async () => {
    const store = await openStore(`/outage-${randomId()}`)
    await store.create(host('before'))
    const events: StoreEvent[] = []
    const cancel = store.watch('Host', undefined, (e) => events.push(e))
    await zk.kill9()
    await waitFor(async () => !store.readiness().ready, { timeoutMs: 30_000, what: 'the store to report unready' })
    expect(store.readiness().reason).toBe(`ZooKeeper at ${zk.connect} is unreachable`)
    await expect(store.get('Host', 'before')).rejects.toMatchObject({ code: 'Unavailable' })
    await zk.restart()
    await waitFor(async () => store.readiness().ready, { timeoutMs: 30_000, what: 'the store to become ready again' })
    expect((await store.get('Host', 'before')).metadata.name).toBe('before')
    await store.create(host('after'))
    await waitFor(async () => events.some((e) => e.object.metadata.name === 'after'), {
      timeoutMs: 5_000,
      what: 'ADDED after',
    })
    cancel()
    await store.close()
  })
})

/** A TCP proxy to ZooKeeper that can cut its clients off (a network partition) and let them back. */
async function partitionableProxy(target: number) {
  const sockets = new Set<Socket>()
  let cut = false
  const server = createServer((client) => {
    if (cut) return client.destroy()
    const upstream = createConnection(target)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s)).on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    connect: `127.0.0.1:${port}`,
    cut() {
      cut = true
      for (const s of sockets) s.destroy()
    },
    heal() {
      cut = false
    },
    close() {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

test('after a lost session the store relists and its watchers see what changed meanwhile', async () => {
  const root = `/expiry-${randomId()}`
  const proxy = await partitionableProxy(zk.port)
  const [cutOff, other] = [await openStore(root, undefined, proxy.connect), await openStore(root)]
  await other.create(host('stays'))
  await other.create(host('goes'))
  await waitFor(async () => (await cutOff.list('Host')).items.length === 2, { timeoutMs: 5_000, what: 'both hosts' })
  const events: StoreEvent[] = []
  const cancel = cutOff.watch('Host', undefined, (e) => events.push(e))
  proxy.cut()
  await other.delete('Host', 'goes')
  const stays = await other.get('Host', 'stays')
  await other.update({ ...stays, spec: { unschedulable: true } })
  await other.create(host('new'))
  await new Promise((resolve) => setTimeout(resolve, 9_000)) // well past the 4 s session timeout
  proxy.heal()
  await waitFor(async () => cutOff.readiness().ready, { timeoutMs: 30_000, what: 'a new session' })
  await waitFor(async () => events.length >= 3, { timeoutMs: 5_000, what: 'the differences' })
  expect(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual([
    'ADDED new',
    'DELETED goes',
    'MODIFIED stays',
  ])
  const versions = events.map((e) => BigInt(e.object.metadata.resourceVersion ?? '0'))
  expect(versions).toEqual([...versions].sort((x, y) => (x < y ? -1 : 1)))
  cancel()
  await Promise.all([cutOff.close(), other.close(), proxy.close()])
}, 60_000)

test('a write too large for one ZooKeeper transaction is refused before it is sent: the session and its watches live on', async () => {
  const store = await openStore(`/packet-${randomId()}`)
  const events: StoreEvent[] = []
  const cancel = store.watch('Host', undefined, (e) => events.push(e))
  const claims = Array.from({ length: 10_000 }, (_, i) => `host h${i} port 8080/tcp`)
  await expect(store.create(host('wide'), { holds: { references: [], claims } })).rejects.toMatchObject({
    code: 'PayloadTooLarge',
  })
  expect(store.readiness().ready).toBe(true)
  await store.create(host('after'))
  await waitFor(async () => events.some((e) => e.object.metadata.name === 'after') || undefined, {
    timeoutMs: 5_000,
    what: 'the watch still delivering',
  })
  await expect(store.get('Host', 'wide')).rejects.toMatchObject({ code: 'NotFound' })
  cancel()
  await store.close()
})
