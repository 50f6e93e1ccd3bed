/** @module Benchmark: N hollow agents × M Tasks (C2M's two curves, placed and RUNNING), ZooKeeper writes per Task, apiserver RSS. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { HeliosClient, Informer } from '../client/index.js'
import { lineChartSvg } from './chart.js'
import { deleteHosts, inParallel, rssMiB, spawnHollowFleet, waitHostsUp, zkZxid } from './hollow.js'
import { IMAGE } from './manifest.js'
import { readPidFile } from './steady-state.js'
import { zkCreateThroughput } from './zk-baseline.js'

export interface FleetSample {
  seconds: number
  placed: number
  running: number
}

export interface FleetScaleResult {
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
  /** ~1 KB creates, 20 in flight, on the same ZooKeeper before the fleet started. */
  zkRawWritesPerSecond: number
  apiserverRssMiB?: number
  samples: FleetSample[]
}

export interface FleetScaleOptions {
  server: string
  token?: string
  hollowAgents?: number
  tasksPerAgent?: number
  timeoutMs?: number
  /** 50 agents × 4 Tasks. */
  quick?: boolean
  zk?: string
  apiserverPid?: number
  /** Where the SVG chart goes (default bench/results/fleet-scale.svg). */
  chartFile?: string
}

const repoRoot = new URL('../../', import.meta.url).pathname

export async function benchFleetScale(o: FleetScaleOptions): Promise<FleetScaleResult> {
  const agents = o.quick ? 50 : (o.hollowAgents ?? 1000)
  const perAgent = o.quick ? 4 : (o.tasksPerAgent ?? 10)
  const timeoutMs = o.timeoutMs ?? 300_000
  const zk = o.zk ?? process.env.HELIOS_ZK ?? '127.0.0.1:2181'
  const apiserverPid =
    o.apiserverPid ?? (Number(process.env.HELIOS_APISERVER_PID) || readPidFile(`${repoRoot}.solo/apiserver.pid`))
  const client = new HeliosClient(o.server, { token: o.token })
  const id = Date.now().toString(36)
  const prefix = `bench-fleet-${id}`
  const label = `bench-run=${id}`
  const total = agents * perAgent

  const raw = await zkCreateThroughput({ zk, count: o.quick ? 500 : 3000, concurrency: 20, bytes: 1024 })
  const zkRawWritesPerSecond = raw.ops / raw.seconds
  let failure: string | undefined
  const fleet = spawnHollowFleet({
    server: o.server,
    token: o.token,
    count: agents,
    prefix: `bench-hollow-${id}`,
    label,
  })
  const informer = new Informer(client, 'Task', { log: () => {} })
  const abort = new AbortController()
  const deployments = Array.from({ length: perAgent }, (_, k) => `${prefix}-${k}`)
  try {
    const hostsUpMs = await waitHostsUp(client, label, agents, timeoutMs, [fleet])
    void informer.run(abort.signal)
    await informer.waitForSync()
    const ours = () => informer.list().filter((t) => t.spec.deployment.startsWith(prefix))
    const zxidBefore = await zkZxid(zk)
    const start = Date.now()
    await inParallel(deployments, 5, (name) => applyDeployment(client, name, label))
    const samples: FleetSample[] = []
    let allPlacedMs: number | undefined
    let allRunningMs: number | undefined
    while (allRunningMs === undefined && Date.now() - start < timeoutMs) {
      const tasks = ours()
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
    const zxidAfter = await zkZxid(zk)
    const zkWrites = zxidBefore !== undefined && zxidAfter !== undefined ? zxidAfter - zxidBefore : undefined
    const windowS = (Date.now() - start) / 1000
    writeChart(o.chartFile ?? `${repoRoot}bench/results/fleet-scale.svg`, samples, agents, total)
    return {
      hosts: agents,
      tasks: total,
      hostsUpMs,
      allPlacedMs,
      allRunningMs,
      tasksPerSecond: allRunningMs ? total / (allRunningMs / 1000) : undefined,
      zkWrites,
      zkWritesPerTask: zkWrites !== undefined ? zkWrites / total : undefined,
      zkWritesPerSecond: zkWrites !== undefined ? zkWrites / windowS : undefined,
      zkRawWritesPerSecond,
      apiserverRssMiB: apiserverPid ? rssMiB(apiserverPid) : undefined,
      samples,
    }
  } catch (err) {
    failure = String(err)
    throw err
  } finally {
    await cleanUp(client, deployments, () => informer.list().some((t) => t.spec.deployment.startsWith(prefix)))
    abort.abort()
    await fleet.stop()
    await deleteHosts(client, label).catch((err) =>
      console.error(`fleet-scale: deleting hosts: ${err}${failure ?? ''}`),
    )
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

/** Deletes the Deployments and Jobs, and waits (bounded) for their Tasks to go while the agents still run. */
async function cleanUp(client: HeliosClient, deployments: string[], anyLeft: () => boolean) {
  const ignoreMissing = () => {}
  await inParallel(deployments, 5, (name) => client.delete('Deployment', name).then(ignoreMissing, ignoreMissing))
  await inParallel(deployments, 5, (name) => client.delete('Job', `${name}:v1`).then(ignoreMissing, ignoreMissing))
  const deadline = Date.now() + 120_000
  while (anyLeft() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500))
}

function writeChart(file: string, samples: FleetSample[], hosts: number, tasks: number) {
  mkdirSync(dirname(file), { recursive: true })
  const svg = lineChartSvg({
    title: `${tasks} Tasks on ${hosts} hollow agents`,
    xLabel: 'seconds since the first apply',
    yLabel: 'Tasks',
    series: [
      { name: 'placed', points: samples.map((s) => [s.seconds, s.placed] as const) },
      { name: 'RUNNING', points: samples.map((s) => [s.seconds, s.running] as const) },
    ],
  })
  writeFileSync(file, svg)
}
