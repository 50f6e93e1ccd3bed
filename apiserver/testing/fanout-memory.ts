/**
 * @module Measures the apiserver's watch side in-process: memory per 10,000 Tasks and per 1,000 watchers, and the
 * time one change takes to reach 1,000 watchers. Run: `node --expose-gc --import tsx apiserver/testing/fanout-memory.ts`.
 */
import { type ChildProcess, fork } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { writeHeapSnapshot } from 'node:v8'
import { type AnyObject, JobSpec } from '../../apis/index.js'
import { createApp } from '../app.js'
import { MemoryStore } from '../storage/memory-store.js'
import { WatchCache } from '../storage/watch-cache.js'
import { WATCH_INDEX } from '../storage/watch-index.js'
import type { ClientCommand, ClientReport } from './fanout-clients.js'

const HOSTS = Number(process.env.FANOUT_HOSTS ?? 1000)
const PER_HOST = Number(process.env.FANOUT_PER_HOST ?? 10)
const ROUNDS = Number(process.env.FANOUT_ROUNDS ?? 20)
const MiB = 1024 * 1024
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

interface Sample {
  heap: number
  external: number
  rss: number
}
async function sample(): Promise<Sample> {
  for (let i = 0; i < 3; i++) {
    gc?.()
    await new Promise((r) => setImmediate(r))
  }
  const m = process.memoryUsage()
  return { heap: m.heapUsed / MiB, external: (m.external + m.arrayBuffers) / MiB, rss: m.rss / MiB }
}
const delta = (a: Sample, b: Sample) =>
  `heap ${(b.heap - a.heap).toFixed(1)} MiB, external ${(b.external - a.external).toFixed(1)} MiB, rss ${(b.rss - a.rss).toFixed(1)} MiB`

const hostName = (i: number) => `host-${String(i).padStart(4, '0')}`
const jobSpec = JobSpec.parse({
  image: 'helios-test/busybox:latest',
  command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
  env: { LOG_LEVEL: 'info', SERVICE: 'bench' },
  ports: { http: { internalPort: 8080 } },
  healthCheck: { type: 'tcp', port: 'http' },
})
const task = (d: number, h: number) => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `bench-fleet-${d}@${hostName(h)}`, labels: { 'bench-run': 'x' }, annotations: {} },
  spec: {
    host: hostName(h),
    deployment: `bench-fleet-${d}`,
    job: `bench-fleet-${d}:v1`,
    jobId: `bench-fleet-${d}:v1:0123456789abcdef0123456789abcdef01234567`,
    jobSpec,
    goal: 'START',
  },
})
const hostNumber = (t: { spec?: unknown }) => Number((t.spec as { host: string }).host.slice(5))
const running = (round: number, h: number) => ({
  state: 'RUNNING',
  goal: 'START',
  containerId: `${round}`.padStart(64, 'c'),
  throttled: 'NO',
  ports: { http: { internalPort: 8080, externalPort: 20000 + h, protocol: 'tcp' } },
  runningSince: new Date(1_700_000_000_000 + round).toISOString(),
  updatedAt: new Date(1_700_000_000_000 + round).toISOString(),
})

function clients(): { child: ChildProcess; ask: (c: ClientCommand) => Promise<ClientReport> } {
  const child = fork(new URL('./fanout-clients.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  })
  const ask = (command: ClientCommand) =>
    new Promise<ClientReport>((resolve, reject) => {
      child.once('message', (r: ClientReport) => ('failed' in r ? reject(new Error(r.failed)) : resolve(r)))
      child.send(command)
    })
  return { child, ask }
}

const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1] ?? Number.NaN

/** A WatchCache as the ZooKeeper store fills it: objects parsed from JSON, loaded, then a status change each. */
async function cacheAlone(): Promise<void> {
  const before = await sample()
  const cache = new WatchCache('tasks', 1000, WATCH_INDEX.Task?.valueOf)
  let rv = 1
  const parsed = (obj: object) => JSON.parse(JSON.stringify(obj)) as AnyObject
  const items: AnyObject[] = []
  for (let h = 0; h < HOSTS; h++) {
    for (let d = 0; d < PER_HOST; d++) {
      const t = parsed(task(d, h))
      t.metadata.resourceVersion = String(rv++)
      items.push(t)
    }
  }
  cache.load(items, BigInt(rv))
  items.length = 0
  const loaded = await sample()
  for (let h = 0; h < HOSTS; h++) {
    for (let d = 0; d < PER_HOST; d++) {
      const t = parsed({ ...task(d, h), status: running(1, h) })
      t.metadata.resourceVersion = String(rv++)
      cache.apply([{ type: 'MODIFIED', object: t }])
    }
  }
  const changed = await sample()
  console.log(
    `WatchCache alone, ${cache.size} Tasks parsed from JSON: loaded ${delta(before, loaded)}; after a status each ${delta(before, changed)}`,
  )
}

async function main(): Promise<void> {
  await cacheAlone()
  const m0 = await sample()
  const store = new MemoryStore()
  for (let h = 0; h < HOSTS; h++) for (let d = 0; d < PER_HOST; d++) await store.create(task(d, h))
  const tasks = (await store.list('Task')).items
  for (const t of tasks) await store.update({ ...t, status: running(1, hostNumber(t)) } as never)
  const m1 = await sample()
  console.log(`${tasks.length} Tasks (created, then a status each): ${delta(m0, m1)}`)

  const app = createApp({ store, watchLimits: { perClient: 10_000 } })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const rv = store.currentVersion('Task')
  const m2a = await sample()
  if (process.env.FANOUT_SNAPSHOT) writeHeapSnapshot(`${process.env.FANOUT_SNAPSHOT}-cache.heapsnapshot`)
  const agents = clients()
  const paths = Array.from(
    { length: HOSTS },
    (_, h) => `/apis/helios/v1/tasks?watch=1&fieldSelector=spec.host%3D${hostName(h)}&resourceVersion=${rv}`,
  )
  for (const kind of ['Task', 'Host', 'Deployment', 'Job'] as const) {
    paths.push(`/apis/helios/v1/${kind.toLowerCase()}s?watch=1&resourceVersion=${store.currentVersion(kind)}`)
  }
  console.log('opened', await agents.ask({ open: { url, paths } }))
  const m2 = await sample()
  if (process.env.FANOUT_SNAPSHOT) writeHeapSnapshot(`${process.env.FANOUT_SNAPSHOT}-watches.heapsnapshot`)
  console.log(`${paths.length} watches (${HOSTS} by spec.host, 4 of a whole kind): ${delta(m2a, m2)}`)

  for (let round = 2; round < 4; round++) {
    for (const t of (await store.list('Task')).items) {
      await store.update({ ...t, status: running(round, hostNumber(t)) } as never)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await new Promise((r) => setTimeout(r, 2000))
  const m3 = await sample()
  console.log(`after 2 rounds of ${tasks.length} status changes, clients reading: ${delta(m0, m3)} since the start`)

  const fans = clients()
  const jobName = 'fan-out:v1'
  await store.create({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: jobName },
    spec: { image: 'x' },
  } as never)
  const fanPaths = Array.from(
    { length: 1000 },
    () => `/apis/helios/v1/jobs?watch=1&fieldSelector=metadata.name%3D${jobName}`,
  )
  console.log('opened', await fans.ask({ open: { url, paths: fanPaths } }))
  await new Promise((r) => setTimeout(r, 500))
  const dispatch: number[] = []
  const arrival: number[] = []
  const stringifies: number[] = []
  const realStringify = JSON.stringify
  for (let round = 0; round < ROUNDS; round++) {
    const marker = `mark-${round}-${Date.now()}`
    const seen = fans.ask({ expect: { marker } })
    await new Promise((r) => setTimeout(r, 20))
    const current = await store.get('Job', jobName)
    let calls = 0
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      calls++
      return realStringify(...args)
    }) as typeof JSON.stringify
    const start = performance.timeOrigin + performance.now()
    await store.update({ ...current, metadata: { ...current.metadata, annotations: { marker } } })
    dispatch.push(performance.timeOrigin + performance.now() - start)
    JSON.stringify = realStringify
    stringifies.push(calls)
    const report = await seen
    if (!('seen' in report)) throw new Error('no report')
    const late = report.seen.atMs.map((t) => t - start)
    if (late.some(Number.isNaN))
      throw new Error(`round ${round}: ${late.filter(Number.isNaN).length} watchers missed it`)
    arrival.push(...late)
  }
  console.log(
    `one change → 1000 watchers, ${ROUNDS} rounds: synchronous dispatch p50 ${percentile(dispatch, 50).toFixed(1)} ms, max ${Math.max(...dispatch).toFixed(1)} ms; ` +
      `arrival p50 ${percentile(arrival, 50).toFixed(1)} ms, p99 ${percentile(arrival, 99).toFixed(1)} ms, max ${Math.max(...arrival).toFixed(1)} ms; ` +
      `JSON.stringify calls per change ${Math.min(...stringifies)}–${Math.max(...stringifies)}`,
  )
  const m4 = await sample()
  console.log(`with 1000 more watches: ${delta(m3, m4)}; total since start: ${delta(m0, m4)}`)
  agents.child.send({ stop: true })
  fans.child.send({ stop: true })
  server.closeAllConnections()
  server.close()
  process.exit(0)
}

await main()
