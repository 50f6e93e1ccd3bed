/** @module Benchmark 3: the agent's CPU and memory at steady state with N running containers, next to dockerd's. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeliosClient } from '../client/index.js'
import { IMAGE } from './manifest.js'
import { elapsedMs, mustRun } from './run.js'

/** One process over the sampling window: CPU as % of one core, resident memory at the end. */
export interface ResourceRow {
  benchmark: string
  subject: string
  cpuPercent: number
  rssMiB: number
  seconds: number
}

/** Deploys `containers` Tasks to `host`, waits for all RUNNING, samples for `seconds`, deletes them again. */
export async function benchSteadyState(opts: {
  client: HeliosClient
  host: string
  cli: string[]
  agentPid: number
  containers: number
  seconds: number
}): Promise<{ rows: ResourceRow[]; convergeMs: number }> {
  const prefix = `bench-steady-${process.pid}`
  const file = join(mkdtempSync(join(tmpdir(), 'helios-bench-')), `${prefix}.yaml`)
  writeFileSync(file, manifests(prefix, opts.host, opts.containers))
  const ctl = (...args: string[]) => mustRun(opts.cli[0] ?? 'node', [...opts.cli.slice(1), ...args])
  const start = process.hrtime.bigint()
  await ctl('apply', '-f', file)
  try {
    await waitAll(opts.client, prefix, opts.containers, 'RUNNING')
    const convergeMs = elapsedMs(start)
    const benchmark = `steady state, ${opts.containers} containers`
    const dockerd = readPidFile('/var/run/docker.pid')
    const pids: [string, number][] = [['helios agent', opts.agentPid]]
    if (dockerd) pids.push(['dockerd (peer)', dockerd])
    const before = pids.map(([, pid]) => cpuTicks(pid))
    const t0 = process.hrtime.bigint()
    await new Promise((r) => setTimeout(r, opts.seconds * 1000))
    const seconds = elapsedMs(t0) / 1000
    const rows = pids.map(([subject, pid], i) => ({
      benchmark,
      subject,
      cpuPercent: ((cpuTicks(pid) - (before[i] ?? 0)) / CLOCK_TICKS / seconds) * 100,
      rssMiB: rssKiB(pid) / 1024,
      seconds,
    }))
    return { rows, convergeMs }
  } finally {
    await ctl('delete', '-f', file)
    await waitAll(opts.client, prefix, 0, 'gone')
    await waitNoContainers(prefix)
  }
}

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from node).
const CLOCK_TICKS = 100

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the command). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : Number.NaN
}

export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').trim())
  return pid > 0 && existsSync(`/proc/${pid}/stat`) ? pid : undefined
}

/** Polls until `count` of our Tasks are RUNNING, or (`gone`) none of them exists any more. */
async function waitAll(client: HeliosClient, prefix: string, count: number, what: 'RUNNING' | 'gone') {
  const deadline = Date.now() + 300_000
  for (;;) {
    const ours = (await client.list('Task')).items.filter((t) => t.metadata.name.startsWith(prefix))
    const n = what === 'gone' ? ours.length : ours.filter((t) => t.status?.state === 'RUNNING').length
    if (n === count) return
    if (Date.now() > deadline) throw new Error(`timed out: ${n} of our Tasks ${what}, expected ${count}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

async function waitNoContainers(prefix: string) {
  const deadline = Date.now() + 120_000
  while ((await mustRun('docker', ['ps', '-aq', '--filter', `name=helios-${prefix}`])).trim() !== '') {
    if (Date.now() > deadline) throw new Error(`containers named helios-${prefix}* are still there after 120 s`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

const manifests = (prefix: string, host: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `apiVersion: helios/v1
kind: Job
metadata: {name: "${prefix}-${i}:v1"}
spec: {image: ${IMAGE}, secondsToWaitBeforeKill: 1}
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: ${prefix}-${i}}
spec: {job: "${prefix}-${i}:v1", hosts: [${host}]}
`,
  ).join('---\n')
