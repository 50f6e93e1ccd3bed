/** @module A fleet from the first apply to every Task RUNNING (C2M's two curves, placed and RUNNING): time, ZooKeeper writes, apiserver memory and CPU. */
import { type HeliosClient, Informer } from '../client/index.js'
import {
  type Counts,
  parseGauge,
  parseWriteCounters,
  perUnit,
  scrapeMetrics,
  scrapeWriteCounters,
  sumCounters,
} from './apiserver-metrics.js'
import type { FleetSetup } from './fleet-setup.js'
import { inParallel, rssMiB, zkZxid } from './hollow.js'
import { IMAGE } from './manifest.js'
import { cpuSeconds, sampleRss } from './rss-sampler.js'

export interface FleetSample {
  seconds: number
  placed: number
  running: number
}

/** One row of the fleet table: a fleet converging through one or two apiservers. */
export interface ConvergeRow {
  scenario: string
  apiservers: number
  hosts: number
  tasks: number
  hostsUpMs: number
  /** From the first apply until every Task exists / is RUNNING (undefined: not within the timeout). */
  allPlacedMs?: number
  allRunningMs?: number
  tasksPerSecond?: number
  /** zxid difference over apply → all RUNNING: every write, heartbeats and Events included. */
  zkWrites?: number
  zkWritesPerTask?: number
  zkWritesPerSecond?: number
  /** Per Task over the same window, from the apiservers' /metrics: ZooKeeper requests by op, HTTP requests by method. */
  zkRequestsPerTask?: Counts
  httpRequestsPerTask?: Counts
  /** All apiservers together at all RUNNING (or the timeout), and the peak of 250 ms samples over the window. */
  apiserverRssMiB?: number
  apiserverPeakRssMiB?: number
  /** Each apiserver's RSS at the end, in start order. */
  apiserverRssEachMiB: (number | undefined)[]
  /** V8 heap in use at the end (summed over the apiservers), from their /metrics: how much of the RSS is live data. */
  apiserverHeapUsedMiB?: number
  /** User + system CPU of all apiservers over the window. */
  apiserverCpuSeconds?: number
  samples: FleetSample[]
}

/** Applies `perAgent` Deployments (each selects every host), then samples placed/RUNNING every 250 ms. */
export async function convergeFleet(
  setup: FleetSetup,
  o: { scenario: string; zk: string; perAgent: number; deploymentPrefix: string; timeoutMs: number },
): Promise<ConvergeRow> {
  const total = setup.hosts * o.perAgent
  const informer = new Informer(setup.client, 'Task', { log: () => {} })
  const abort = new AbortController()
  const pids = () => setup.apiservers.map((a) => a.pid)
  try {
    void informer.run(abort.signal)
    await informer.waitForSync()
    const urls = setup.apiservers.map((a) => a.url)
    const countersBefore = sumCounters(await Promise.all(urls.map(scrapeWriteCounters)))
    const cpuBefore = pids().map(cpuSeconds)
    const zxidBefore = await zkZxid(o.zk)
    const rss = sampleRss(pids)
    const start = Date.now()
    const deployments = Array.from({ length: o.perAgent }, (_, k) => `${o.deploymentPrefix}-${k}`)
    await inParallel(deployments, 5, (name) => applyDeployment(setup.client, name, setup.label))
    const samples: FleetSample[] = []
    let allPlacedMs: number | undefined
    let allRunningMs: number | undefined
    while (allRunningMs === undefined && Date.now() - start < o.timeoutMs) {
      const dead = [...setup.apiservers, ...setup.fleets].find((p) => p.died)
      if (dead) throw new Error(dead.died)
      const tasks = informer.list()
      const sample = {
        seconds: (Date.now() - start) / 1000,
        placed: tasks.length,
        running: tasks.filter((t) => t.status?.state === 'RUNNING').length,
      }
      samples.push(sample)
      if (sample.placed >= total) allPlacedMs ??= Date.now() - start
      if (sample.running >= total) allRunningMs = Date.now() - start
      else await new Promise((r) => setTimeout(r, 250))
    }
    const zxidAfter = await zkZxid(o.zk)
    const windowS = (Date.now() - start) / 1000
    const memory = rss.stop()
    const cpuAfter = pids().map(cpuSeconds)
    const texts = await Promise.all(urls.map(scrapeMetrics))
    const countersAfter = sumCounters(texts.map((t) => (t === undefined ? undefined : parseWriteCounters(t))))
    const heaps = texts.map((t) => (t === undefined ? undefined : parseGauge(t, 'nodejs_heap_size_used_bytes')))
    const zkWrites = zxidBefore !== undefined && zxidAfter !== undefined ? zxidAfter - zxidBefore : undefined
    const cpu = cpuAfter.map((after, i) => (after ?? Number.NaN) - (cpuBefore[i] ?? Number.NaN))
    const counted = countersBefore && countersAfter
    return {
      scenario: o.scenario,
      apiservers: setup.apiservers.length,
      hosts: setup.hosts,
      tasks: total,
      hostsUpMs: setup.hostsUpMs,
      allPlacedMs,
      allRunningMs,
      tasksPerSecond: allRunningMs ? total / (allRunningMs / 1000) : undefined,
      zkWrites,
      zkWritesPerTask: zkWrites !== undefined ? zkWrites / total : undefined,
      zkWritesPerSecond: zkWrites !== undefined ? zkWrites / windowS : undefined,
      zkRequestsPerTask: counted ? perUnit(countersBefore.zkRequests, countersAfter.zkRequests, total) : undefined,
      httpRequestsPerTask: counted
        ? perUnit(countersBefore.httpRequests, countersAfter.httpRequests, total)
        : undefined,
      apiserverRssMiB: memory?.lastMiB,
      apiserverPeakRssMiB: memory?.peakMiB,
      apiserverRssEachMiB: setup.apiservers.map((a) => rssMiB(a.pid)),
      apiserverHeapUsedMiB: heaps.every((h) => h !== undefined)
        ? heaps.reduce((a: number, b) => a + (b ?? 0), 0) / 2 ** 20
        : undefined,
      apiserverCpuSeconds: cpu.every(Number.isFinite) ? cpu.reduce((a, b) => a + b, 0) : undefined,
      samples,
    }
  } finally {
    abort.abort()
  }
}

async function applyDeployment(client: HeliosClient, name: string, label: string) {
  const job = `${name}:v1`
  await client.apply({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: job }, spec: { image: IMAGE } })
  await client.apply({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    // The first rollout walks the hosts too: parallelism 1 would place one Task per host step.
    spec: { job, hostSelector: [label], rollout: { parallelism: 1000 } },
  })
}
