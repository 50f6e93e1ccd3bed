/** @module Benchmark: a v1 → v2 rolling update across 3 real agents (parallelism 1) and N hollow agents (parallelism 10), next to its floor. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployment } from '../apis/index.js'
import { HeliosClient } from '../client/index.js'
import { type AgentProcess, deleteHosts, spawnAgent, spawnHollowFleet, waitHostsUp } from './hollow.js'
import { IMAGE } from './manifest.js'
import { elapsedMs, mustRun, run } from './run.js'
import { alignRows } from './stats.js'

export interface RolloutRow {
  benchmark: string
  subject: string
  ms: number
  /** ms / the floor's ms in the same benchmark (the floor's own row is 1). */
  ratio: number
}

export interface RollingUpdateOptions {
  server: string
  token?: string
  /** 20 hollow agents instead of `hollowAgents`. */
  quick?: boolean
  hollowAgents?: number
  hollowParallelism?: number
  hollowStartMs?: number
  timeoutMs?: number
}

/** Both rollouts; a part that fails is reported on stderr and left out, the other part still runs. */
export async function benchRollingUpdate(o: RollingUpdateOptions): Promise<RolloutRow[]> {
  const client = new HeliosClient(o.server, { token: o.token })
  const timeoutMs = o.timeoutMs ?? 300_000
  const rows: RolloutRow[] = []
  for (const part of [() => realRollout(client, o, timeoutMs), () => hollowRollout(client, o, timeoutMs)]) {
    try {
      rows.push(...(await part()))
    } catch (err) {
      console.error(`rolling update: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return rows
}

async function realRollout(client: HeliosClient, o: RollingUpdateOptions, timeoutMs: number): Promise<RolloutRow[]> {
  const id = Date.now().toString(36)
  const label = `bench-ru=${id}`
  const hosts = [0, 1, 2].map((i) => `bench-ru-${id}-${i}`)
  const stateRoot = mkdtempSync(join(tmpdir(), 'helios-bench-ru-'))
  const agents = hosts.map((name, i) => {
    const args = ['--name', name, '--server', o.server, '--state-dir', join(stateRoot, name), '--label', label]
    args.push('--port-range', `${40000 + i * 100}-${40099 + i * 100}`, '--listen-address', '127.0.0.1:0')
    return spawnAgent(o.token ? [...args, '--token', o.token] : args)
  })
  const spec = { image: IMAGE, ports: { http: { internalPort: 80 } }, healthCheck: { type: 'tcp', port: 'http' } }
  try {
    const ms = await rollout(client, `bench-ru-${id}`, { ...spec, secondsToWaitBeforeKill: 1 }, label, 1, {
      agents,
      count: hosts.length,
      timeoutMs,
    })
    const floor = await dockerRunSum(hosts.length)
    const benchmark = `rolling update, ${hosts.length} real agents, parallelism 1`
    return [
      { benchmark, subject: 'helios v1 -> v2', ms, ratio: ms / floor },
      { benchmark, subject: `${hosts.length} x docker run -d (sum)`, ms: floor, ratio: 1 },
    ]
  } finally {
    await Promise.all(agents.map((a) => a.stop()))
    await deleteHosts(client, label).catch(() => {})
    // Agents never stop containers; anything left by a failed cleanup goes here.
    for (const host of hosts) {
      const ids = (await run('docker', ['ps', '-aq', '--filter', `label=helios.host=${host}`])).stdout.trim()
      if (ids) await run('docker', ['rm', '-f', ...ids.split('\n')])
    }
    rmSync(stateRoot, { recursive: true, force: true })
  }
}

async function hollowRollout(client: HeliosClient, o: RollingUpdateOptions, timeoutMs: number): Promise<RolloutRow[]> {
  const count = o.quick ? 20 : (o.hollowAgents ?? 100)
  const parallelism = o.hollowParallelism ?? 10
  const startMs = o.hollowStartMs ?? 200
  const id = Date.now().toString(36)
  const label = `bench-ru-hollow=${id}`
  const fleet = spawnHollowFleet({ server: o.server, token: o.token, count, prefix: `bench-ru-${id}`, label, startMs })
  try {
    const ms = await rollout(client, `bench-ru-hollow-${id}`, { image: IMAGE }, label, parallelism, {
      agents: [fleet],
      count,
      timeoutMs,
    })
    const ideal = (count * startMs) / parallelism
    const benchmark = `rolling update, ${count} hollow agents, parallelism ${parallelism}`
    return [
      { benchmark, subject: 'helios v1 -> v2', ms, ratio: ms / ideal },
      { benchmark, subject: `ideal: ${count} x ${startMs} ms / ${parallelism}`, ms: ideal, ratio: 1 },
    ]
  } finally {
    await fleet.stop()
    await deleteHosts(client, label).catch(() => {})
  }
}

/**
 * Deploys v1 to every host of `label` and waits for its rollout, then changes the Deployment to v2 and
 * returns the milliseconds from that change until status.rollout is DONE for v2. Cleans up its objects.
 */
async function rollout(
  client: HeliosClient,
  name: string,
  jobSpec: Record<string, unknown>,
  label: string,
  parallelism: number,
  fleet: { agents: AgentProcess[]; count: number; timeoutMs: number },
): Promise<number> {
  const jobs = [`${name}:v1`, `${name}:v2`]
  const deployment = (job: string) => ({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    // No health window: the benchmark measures the walk against its start-time floor, and 10 s per step of
    // waiting (the default minHealthySeconds) is policy, not overhead.
    spec: { job, hostSelector: [label], rollout: { parallelism, minHealthySeconds: 0 } },
  })
  try {
    await waitHostsUp(client, label, fleet.count, fleet.timeoutMs, fleet.agents)
    for (const [i, job] of jobs.entries()) {
      const env = { BENCH_VERSION: String(i + 1) }
      await client.apply({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: job }, spec: { ...jobSpec, env } })
    }
    await client.apply(deployment(`${name}:v1`))
    await waitRolledOut(client, name, `${name}:v1`, fleet.timeoutMs)
    const start = process.hrtime.bigint()
    await client.apply(deployment(`${name}:v2`))
    await waitRolledOut(client, name, `${name}:v2`, fleet.timeoutMs)
    return elapsedMs(start)
  } finally {
    await client.delete('Deployment', name).catch(() => {})
    await waitNoTasks(client, name, 120_000)
    for (const job of jobs) await client.delete('Job', job).catch(() => {})
  }
}

/** Polls (every 100 ms) until the Deployment's rollout of `job` is DONE; FAILED or the timeout throw. */
async function waitRolledOut(client: HeliosClient, name: string, job: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const d: Deployment = await client.get('Deployment', name)
    const r = d.status?.rollout
    if (r?.job === job && r.state === 'DONE') return
    if (r?.job === job && r.state === 'FAILED') throw new Error(`rollout of ${job} FAILED: ${r.message ?? ''}`)
    if (Date.now() > deadline)
      throw new Error(`rollout of ${job} not DONE after ${timeoutMs} ms: ${JSON.stringify(r ?? d.status ?? {})}`)
    await new Promise((res) => setTimeout(res, 100))
  }
}

async function waitNoTasks(client: HeliosClient, deployment: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const left = await client.list('Task', { fieldSelector: `spec.deployment=${deployment}` }).catch(() => undefined)
    if (left?.items.length === 0) return
    await new Promise((res) => setTimeout(res, 250))
  }
}

/** The physical floor: `docker run -d` of the same image with a dynamic port, `n` times in a row, summed. */
async function dockerRunSum(n: number): Promise<number> {
  let total = 0
  const ids: string[] = []
  try {
    for (let i = 0; i < n; i++) {
      const start = process.hrtime.bigint()
      ids.push((await mustRun('docker', ['run', '-d', '-p', '80', IMAGE])).trim())
      total += elapsedMs(start)
    }
    return total
  } finally {
    if (ids.length > 0) await run('docker', ['rm', '-f', ...ids])
  }
}

export function printRolloutTable(rows: RolloutRow[]): string {
  const header = ['BENCHMARK', 'SUBJECT', 'ms', 'RATIO']
  return alignRows([header, ...rows.map((r) => [r.benchmark, r.subject, r.ms.toFixed(0), `${r.ratio.toFixed(2)}x`])])
}
