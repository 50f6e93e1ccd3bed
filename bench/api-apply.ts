/** @module Benchmark 4: HeliosClient.apply throughput and latency with N concurrent clients, next to raw ZooKeeper creates. */
import type { HeliosClient } from '../client/index.js'
import { IMAGE } from './manifest.js'
import { elapsedMs } from './run.js'
import { percentile, type ThroughputRow } from './stats.js'
import { type Throughput, zkCreateThroughput } from './zk-baseline.js'

/** `count` applies of small distinct Jobs, `concurrency` in flight; the Jobs are deleted afterwards. */
async function heliosApplyThroughput(client: HeliosClient, count: number, concurrency: number): Promise<Throughput> {
  const prefix = `bench-apply-${process.pid}-${Date.now().toString(36)}`
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}:v1`)
  const latenciesMs: number[] = []
  const applied: string[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const name = names[next++]!
      const start = process.hrtime.bigint()
      await client.apply({
        apiVersion: 'helios/v1',
        kind: 'Job',
        metadata: { name, labels: { bench: 'api-apply' } },
        spec: { image: IMAGE, env: { BENCH: name } },
      })
      latenciesMs.push(elapsedMs(start))
      applied.push(name)
    }
  }
  const start = process.hrtime.bigint()
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
    return { ops: count, seconds: elapsedMs(start) / 1000, latenciesMs }
  } finally {
    let j = 0
    const remover = async () => {
      while (j < applied.length) await client.delete('Job', applied[j++]!).catch(() => {})
    }
    await Promise.all(Array.from({ length: concurrency }, remover))
  }
}

/** Helios apply first, then ZooKeeper creates (same count, same concurrency, ~1 KB) on the store's own ZooKeeper. */
export async function benchApiApply(opts: {
  client: HeliosClient
  zk: string
  count: number
  concurrency: number
}): Promise<ThroughputRow[]> {
  const helios = await heliosApplyThroughput(opts.client, opts.count, opts.concurrency)
  const zk = await zkCreateThroughput({ zk: opts.zk, count: opts.count, concurrency: opts.concurrency, bytes: 1024 })
  const rate = (t: Throughput) => t.ops / t.seconds
  const row = (subject: string, t: Throughput): ThroughputRow => ({
    benchmark: `apply x${opts.concurrency}`,
    subject,
    opsPerSecond: rate(t),
    p50Ms: percentile(t.latenciesMs, 50),
    p99Ms: percentile(t.latenciesMs, 99),
    ops: t.ops,
    ratio: rate(t) / rate(zk),
  })
  return [row('zookeeper create 1 KB (floor)', zk), row('HeliosClient.apply Job', helios)]
}
