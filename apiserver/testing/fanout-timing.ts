/**
 * @module The time one change takes to reach 1,000 watchers (bench/watch-fanout.ts's case, in-process): 1,000 watches
 * of one Job by name in a client process, then rounds of one change each. Prints the synchronous dispatch (wall and
 * CPU ms: the write returns once every stream has its line), the arrival at the clients, and JSON.stringify calls.
 * Run: `node --expose-gc --import tsx apiserver/testing/fanout-timing.ts`.
 */
import type { AnyObject } from '../../apis/index.js'
import { MemoryStore } from '../storage/memory-store.js'
import { clients, percentile, serve } from './fanout-fixture.js'

const WATCHERS = Number(process.env.FANOUT_WATCHERS ?? 1000)
const ROUNDS = Number(process.env.FANOUT_ROUNDS ?? 40)
const now = () => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const store = new MemoryStore()
  const { url, server } = await serve(store)
  const name = 'fan-out:v1'
  await store.create({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec: { image: 'x' } } as AnyObject)
  const fans = clients()
  const path = `/apis/helios/v1/jobs?watch=1&fieldSelector=metadata.name%3D${encodeURIComponent(name)}`
  await fans.ask({ open: { url, paths: Array.from({ length: WATCHERS }, () => path) } })
  await new Promise((r) => setTimeout(r, 500))
  const wall: number[] = []
  const cpu: number[] = []
  const arrival: number[] = []
  const stringifies: number[] = []
  const realStringify = JSON.stringify
  for (let round = 0; round < ROUNDS; round++) {
    const marker = `mark-${round}-${Date.now()}`
    const seen = fans.ask({ expect: { marker } })
    await new Promise((r) => setTimeout(r, 20))
    const current = await store.get('Job', name)
    let calls = 0
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      calls++
      return realStringify(...args)
    }) as typeof JSON.stringify
    const start = now()
    const cpuStart = process.cpuUsage()
    await store.update({ ...current, metadata: { ...current.metadata, annotations: { marker } } })
    const used = process.cpuUsage(cpuStart)
    wall.push(now() - start)
    cpu.push((used.user + used.system) / 1000)
    JSON.stringify = realStringify
    stringifies.push(calls)
    const report = await seen
    if (!('seen' in report)) throw new Error('no report')
    const late = report.seen.atMs.map((t) => t - start)
    if (late.some(Number.isNaN))
      throw new Error(`round ${round}: ${late.filter(Number.isNaN).length} watchers missed it`)
    arrival.push(...late)
  }
  const ms = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)}, p99 ${percentile(xs, 99).toFixed(1)} ms`
  console.log(`one change → ${WATCHERS} watchers, ${ROUNDS} rounds:`)
  console.log(`  dispatch wall ${ms(wall)}; dispatch CPU ${ms(cpu)}`)
  console.log(`  arrival at the clients ${ms(arrival)}, max ${Math.max(...arrival).toFixed(1)} ms`)
  console.log(`  JSON.stringify calls per change ${Math.min(...stringifies)}–${Math.max(...stringifies)}`)
  fans.child.send({ stop: true })
  server.closeAllConnections()
  server.close()
  process.exit(0)
}

await main()
