/** @module `heliosctl watch` snapshots: Helios' `JOB HOST STATE THROTTLED?` table under a UTC time, and its JSON line. */
import { shortJobId, type Task } from '../../apis/index.js'
import { table } from './table.js'

/** The watched Tasks sorted by job id then host (hosts without the job are simply absent). */
export const watchedOrder = (tasks: readonly Task[]): Task[] =>
  [...tasks].sort((a, b) => a.spec.jobId.localeCompare(b.spec.jobId) || a.spec.host.localeCompare(b.spec.host))

/** One row per Task: short job id, host, state (goal STOP shows as such before a status), throttle. */
export function watchTable(tasks: readonly Task[]): string[] {
  const rows = watchedOrder(tasks).map((t) => [
    shortJobId(t.spec.jobId),
    t.spec.host,
    t.status?.state ?? 'UNKNOWN',
    t.status?.throttled ?? '',
  ])
  return table(['JOB', 'HOST', 'STATE', 'THROTTLED?'], rows)
}

/** `[2024-05-01 12:00:00 UTC]`, the line above each snapshot. */
export const watchStamp = (ms: number): string => `[${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC]`

/** One snapshot as a JSON object (one line per snapshot with --json). */
export function watchJson(tasks: readonly Task[], ms: number): Record<string, unknown> {
  return {
    timestamp: new Date(ms).toISOString(),
    tasks: watchedOrder(tasks).map((t) => ({
      job: t.spec.jobId,
      host: t.spec.host,
      goal: t.spec.goal,
      state: t.status?.state ?? 'UNKNOWN',
      throttled: t.status?.throttled ?? null,
      containerId: t.status?.containerId ?? null,
    })),
  }
}
