// Writes gathered (issue 15) on a real ZooKeeper: concurrent writes share multis, a failing one fails only its caller,
// an object's Events ride in its transaction; through the API, ZooKeeper transactions per apply and per status step.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AnyObject, Event, MasterList } from '../../apis/index.js'
import { silentLog } from '../../apiserver/log.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import { HeliosClient } from '../../client/index.js'
import { randomId, run, startApiserver, startZooKeeper, waitFor, type ZooKeeperHandle } from '../harness.js'

let zk: ZooKeeperHandle
beforeAll(async () => {
  zk = await startZooKeeper()
})
afterAll(async () => {
  await zk?.stop()
})

const job = (name: string, labels: Record<string, string> = {}): AnyObject => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name, labels, annotations: {} },
  spec: { image: 'busybox:latest' },
})
const event = (name: string, about: string): AnyObject =>
  ({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name, labels: {}, annotations: {} },
    involvedObject: { kind: 'Job', name: about },
    type: 'Normal',
    reason: 'Created',
    message: `created ${about}`,
    source: { component: 'apiserver' },
    timestamp: new Date().toISOString(),
  }) as unknown as AnyObject

/** A ZooKeeperStore on its own root, counting the multis it sends. */
async function openStore() {
  const counted = { multis: 0 }
  const store = new ZooKeeperStore({
    connect: zk.connect,
    root: `/batching-${randomId()}`,
    log: silentLog,
    onRequest: (op) => {
      if (op === 'multi') counted.multis++
    },
  })
  await store.start()
  return { store, counted }
}

/** The committed-transaction count of ZooKeeper (`srvr`'s zxid, low 32 bits). */
async function zxid(): Promise<number> {
  const srvr = await run('bash', [
    '-c',
    'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf srvr >&3 && cat <&3',
    String(zk.port),
  ])
  const hex = /^Zxid: 0x([0-9a-f]+)$/im.exec(srvr.stdout)?.[1]
  if (!hex) throw new Error(`ZooKeeper's srvr gave no zxid: ${srvr.stdout}${srvr.stderr}`)
  return Number(BigInt(`0x${hex}`) & 0xffffffffn)
}

describe('ZooKeeperStore gathers writes', () => {
  test('forty concurrent creates, each with its Event, go out in far fewer multis; every one is stored', async () => {
    const { store, counted } = await openStore()
    const before = counted.multis
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.create(job(`j${i}:v1`), { events: [event(`e${i}`, `j${i}:v1`)] })),
    )
    const multis = counted.multis - before
    expect(multis).toBeLessThan(40)
    expect((await store.list('Job')).items).toHaveLength(40)
    expect((await store.list('Event')).items).toHaveLength(40)
    // One multi, one zxid: the objects of one batch share their resourceVersion.
    expect(new Set(created.map((c) => c.metadata.resourceVersion)).size).toBeLessThanOrEqual(multis)
    await store.close()
  })

  test('a taken name and a stale version among twenty good writes fail only their callers, their Events with them', async () => {
    const { store } = await openStore()
    await store.create(job('taken:v1'))
    const stale = await store.create(job('stale:v1'))
    await store.update(job('stale:v1', { newer: 'yes' }))
    for (const at of [0, 9, 21]) {
      const writes = Array.from({ length: 22 }, (_, i) => {
        if (i === at) return store.create(job('taken:v1'), { events: [event(`lost-${at}`, 'taken:v1')] })
        if (i === (at + 1) % 22) {
          const opts = { ifVersion: stale.metadata.resourceVersion, events: [event(`stale-${at}`, 'stale:v1')] }
          return store.update(job('stale:v1', { lost: 'yes' }), opts)
        }
        return store.create(job(`r${at}-${i}:v1`), { events: [event(`ok-${at}-${i}`, `r${at}-${i}:v1`)] })
      })
      const results = await Promise.allSettled(writes)
      for (const [i, r] of results.entries()) {
        if (i === at) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'AlreadyExists' } })
        else if (i === (at + 1) % 22) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'Conflict' } })
        else expect(r.status, `write ${i}`).toBe('fulfilled')
      }
    }
    const names = (await store.list('Event')).items.map((e) => e.metadata.name)
    expect(names).toHaveLength(60)
    expect(names.filter((n) => n.startsWith('lost') || n.startsWith('stale'))).toEqual([])
    expect((await store.get('Job', 'stale:v1')).metadata.labels).toEqual({ newer: 'yes' })
    await store.close()
  })

  test('racing creates of one name, each with its Event: exactly one wins and only its Event is stored, every round', async () => {
    const { store } = await openStore()
    for (let round = 0; round < 10; round++) {
      const name = `race${round}:v1`
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.create(job(name, { who: String(i) }), { events: [event(`race${round}-${i}`, name)] }),
        ),
      )
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
      expect(won, `round ${round}`).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'AlreadyExists' })
      expect((await store.get('Job', name)).metadata.labels).toEqual({ who: String(won[0]) })
      const events = (await store.list('Event')).items.filter((e) => e.metadata.name.startsWith(`race${round}-`))
      expect(events.map((e) => e.metadata.name)).toEqual([`race${round}-${won[0]}`])
    }
    await store.close()
  })
})

describe('through the API', () => {
  test('ZooKeeper transactions: one per new Job applied with its record, none per unchanged apply, one per Task status step with its Event', async () => {
    const apiserver = await startApiserver({ zk: zk.connect, extraArgs: ['--no-controllers'] })
    const client = new HeliosClient(apiserver.url)
    try {
      // The apiserver announces itself (`masters`: a record and an ephemeral up node, two transactions) after it is
      // ready; counting starts once that is done, so only the applies are counted.
      await waitFor(
        async () =>
          ((await client.request('GET', '/masters')) as MasterList).items.some((m) => m.up) ? true : undefined,
        { timeoutMs: 30_000, what: 'the apiserver announced in /masters' },
      )
      const names = Array.from({ length: 10 }, (_, i) => `api-${i}:v1`)
      let before = await zxid()
      for (const name of names) expect((await client.apply(job(name))).outcome).toBe('created')
      const perApply = ((await zxid()) - before) / names.length
      before = await zxid()
      for (const name of names) expect((await client.apply(job(name))).outcome).toBe('unchanged')
      const perUnchanged = ((await zxid()) - before) / names.length
      await client.create('Task', {
        apiVersion: 'helios/v1',
        kind: 'Task',
        metadata: { name: 'web@h1' },
        spec: {
          host: 'h1',
          deployment: 'web',
          job: 'api-0:v1',
          jobId: 'api-0:v1:abc',
          jobSpec: { image: 'x' },
          goal: 'START',
        },
      })
      before = await zxid()
      for (let i = 0; i < 10; i++) {
        const status = {
          state: i % 2 ? 'RUNNING' : 'EXITED',
          updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        }
        const body = { apiVersion: 'helios/v1', kind: 'Task', metadata: { name: 'web@h1' }, status }
        await client.request('PUT', '/apis/helios/v1/tasks/web@h1/status?event=true', body)
      }
      const perStatus = ((await zxid()) - before) / 10
      expect({ perApply, perUnchanged, perStatus }).toEqual({ perApply: 1, perUnchanged: 0, perStatus: 1 })
      const events = (await client.list('Event')).items as Event[]
      expect(events.filter((e) => e.reason === 'Applied')).toHaveLength(10)
      expect(events.filter((e) => e.reason === 'TaskState')).toHaveLength(10)
    } finally {
      await apiserver.stop()
    }
  })
})
