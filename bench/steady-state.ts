/** @module Benchmark 3: the agent's CPU and memory at steady state with N running containers, next to dockerd's. */
import { existsSync, readFileSync } from 'node:fs'
import type { HeliosClient } from '../client/index.js'
import { applyUntilRunning, deleteUntilGone, taskBatch } from './apply-tasks.js'
import { elapsedMs } from './run.js'

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
  const batch = taskBatch({ ...opts, prefix: `bench-steady-${process.pid}`, count: opts.containers, publish: false })
  try {
    const convergeMs = await applyUntilRunning(batch)
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
    await deleteUntilGone(batch)
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
