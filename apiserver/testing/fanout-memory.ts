/**
 * @module Where the apiserver's memory goes with 10,000 Tasks and 1,000 watchers: a WatchCache filled as the
 * ZooKeeper store fills it, then a MemoryStore behind the real app with 1,000 agents' watches and status churn.
 * Run: `node --expose-gc --import tsx apiserver/testing/fanout-memory.ts` (FANOUT_CACHE_ONLY=1: the WatchCache
 * alone; FANOUT_SNAPSHOT=/tmp/x writes heap snapshots after the fill and after the watches opened).
 */
import { writeHeapSnapshot } from 'node:v8'
import type { AnyObject } from '../../apis/index.js'
import { MemoryStore } from '../storage/memory-store.js'
import { WatchCache } from '../storage/watch-cache.js'
import { WATCH_INDEX } from '../storage/watch-index.js'
import { clients, delta, hostName, hostNumber, running, sample, serve, task } from './fanout-fixture.js'

const HOSTS = Number(process.env.FANOUT_HOSTS ?? 1000)
const PER_HOST = Number(process.env.FANOUT_PER_HOST ?? 10)
const snapshot = (name: string) =>
  process.env.FANOUT_SNAPSHOT && writeHeapSnapshot(`${process.env.FANOUT_SNAPSHOT}-${name}.heapsnapshot`)

/** A WatchCache as the ZooKeeper store fills it: objects parsed from JSON, loaded, then a status change each. */
async function cacheAlone(): Promise<void> {
  const before = await sample()
  const cache = new WatchCache('tasks', 1000, WATCH_INDEX.Task?.valueOf)
  let rv = 1
  const parsed = (obj: object, version: number) => {
    const copy = JSON.parse(JSON.stringify(obj)) as AnyObject
    copy.metadata.resourceVersion = String(version)
    return copy
  }
  const items: AnyObject[] = []
  for (let h = 0; h < HOSTS; h++) for (let d = 0; d < PER_HOST; d++) items.push(parsed(task(d, h), rv++))
  cache.load(items, BigInt(rv))
  items.length = 0
  const loaded = await sample()
  for (let h = 0; h < HOSTS; h++) {
    for (let d = 0; d < PER_HOST; d++) {
      cache.apply([{ type: 'MODIFIED', object: parsed({ ...task(d, h), status: running(1, h) }, rv++) }])
    }
  }
  const changed = await sample()
  console.log(`WatchCache alone, ${cache.size} Tasks parsed from JSON: loaded ${delta(before, loaded)}`)
  console.log(`  after a status each (1,000 events retained): ${delta(before, changed)}`)
}

async function main(): Promise<void> {
  await cacheAlone()
  if (process.env.FANOUT_CACHE_ONLY) process.exit(0)
  const m0 = await sample()
  const store = new MemoryStore()
  for (let h = 0; h < HOSTS; h++) for (let d = 0; d < PER_HOST; d++) await store.create(task(d, h) as AnyObject)
  for (const t of (await store.list('Task')).items) await store.update({ ...t, status: running(1, hostNumber(t)) })
  const m1 = await sample()
  console.log(`MemoryStore, ${HOSTS * PER_HOST} Tasks (created, then a status each): ${delta(m0, m1)}`)

  const { url, server } = await serve(store)
  const m2a = await sample()
  snapshot('cache')
  const agents = clients()
  const paths = Array.from(
    { length: HOSTS },
    (_, h) =>
      `/apis/helios/v1/tasks?watch=1&fieldSelector=spec.host%3D${hostName(h)}&resourceVersion=${store.currentVersion('Task')}`,
  )
  for (const kind of ['Task', 'Host', 'Deployment', 'Job'] as const) {
    paths.push(`/apis/helios/v1/${kind.toLowerCase()}s?watch=1&resourceVersion=${store.currentVersion(kind)}`)
  }
  await agents.ask({ open: { url, paths } })
  const m2 = await sample()
  snapshot('watches')
  console.log(`${paths.length} watches (${HOSTS} by spec.host, 4 of a whole kind): ${delta(m2a, m2)}`)

  for (let round = 2; round < 4; round++) {
    for (const t of (await store.list('Task')).items)
      await store.update({ ...t, status: running(round, hostNumber(t)) })
    await new Promise((r) => setTimeout(r, 200))
  }
  await new Promise((r) => setTimeout(r, 2000))
  const m3 = await sample()
  console.log(`after 2 more rounds of status changes, the watchers reading them: ${delta(m0, m3)} since the start`)
  agents.child.send({ stop: true })
  server.closeAllConnections()
  server.close()
  process.exit(0)
}

await main()
