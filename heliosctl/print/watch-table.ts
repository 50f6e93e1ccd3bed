/** @module `heliosctl watch` snapshots in Helios' JobWatchCommand layout (`JOB HOST STATE THROTTLED?`), and their JSON line. */
import { shortJobId, type Task } from '../../apis/index.js'
import { oneLine } from './terminal-text.js'

/** One watched row: a job's Task on a host, or (with `--exact`) a named host where the job has none. */
export interface WatchRow {
  jobId: string
  host: string
  task?: Task
}

/** Printed once above the snapshots, as Helios does. */
export const WATCH_HEADER = [
  'Control-C to stop',
  'JOB                  HOST                           STATE    THROTTLED?',
]

/** `[2024-05-01 12:00:00 UTC]`. */
export const watchStamp = (ms: number): string => `[${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC]`

/** The line that opens each snapshot: Helios' column rules, then the time. */
export const snapshotRule = (ms: number): string =>
  `-------------------- ------------------------------ -------- ---------- ${watchStamp(ms)}`

/** Helios' `%-20s %-30s %-8s %s`, the job's short id cut to 20 characters and the host to 30. */
export function watchRowLine(row: WatchRow): string {
  const job = oneLine(shortJobId(row.jobId)).slice(0, 20)
  const host = oneLine(row.host).slice(0, 30)
  const state = row.task?.status?.state ?? 'UNKNOWN'
  const throttled = row.task?.status?.throttled ?? 'UNKNOWN'
  return `${job.padEnd(20)} ${host.padEnd(30)} ${state.padEnd(8)} ${throttled}`
}

/**
 * The rows of one snapshot, job by job (ids in order). Without `exact`: every Task of the job on a host starting with
 * one of `hosts` (all hosts when none), hosts in order. With `exact`: one row per named host, in the order given,
 * UNKNOWN where the job has no Task there (Helios' `--exact`).
 */
export function watchRows(
  tasks: readonly Task[],
  jobIds: readonly string[],
  hosts: readonly string[],
  exact: boolean,
): WatchRow[] {
  const byHost = (a: Task, b: Task) =>
    a.spec.host.localeCompare(b.spec.host) || a.metadata.name.localeCompare(b.metadata.name)
  return [...jobIds].sort().flatMap((jobId) => {
    const ofJob = tasks.filter((t) => t.spec.jobId === jobId).sort(byHost)
    if (!exact) {
      const wanted = ofJob.filter((t) => hosts.length === 0 || hosts.some((prefix) => t.spec.host.startsWith(prefix)))
      return wanted.map((task) => ({ jobId, host: task.spec.host, task }))
    }
    return hosts.flatMap((host) => {
      const here = ofJob.filter((t) => t.spec.host === host)
      return here.length > 0 ? here.map((task) => ({ jobId, host, task })) : [{ jobId, host }]
    })
  })
}

/** One snapshot as a JSON object (one line per snapshot with --json). */
export function watchJson(rows: readonly WatchRow[], ms: number): Record<string, unknown> {
  return {
    timestamp: new Date(ms).toISOString(),
    tasks: rows.map(({ jobId, host, task }) => ({
      job: jobId,
      host,
      goal: task?.spec.goal ?? null,
      state: task?.status?.state ?? 'UNKNOWN',
      throttled: task?.status?.throttled ?? null,
      containerId: task?.status?.containerId ?? null,
    })),
  }
}
