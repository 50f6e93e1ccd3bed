/** @module `heliosctl history` output: Helios' task history table and its TaskStatusEvents JSON. */
import type { Event, Job } from '../../apis/index.js'
import { jobJson } from './helios-job-json.js'
import { table } from './table.js'
import { withPassedStates } from './task-state-rows.js'
import { utcTimestamp } from './timestamp.js'

const HEADER = ['HOST', 'TIMESTAMP', 'STATE', 'THROTTLED', 'CONTAINERID']

/**
 * The TaskState events of a job's tasks, oldest first across hosts (as Helios' master sorts them), one per state: a
 * state the agent folded into a later status (it lasted under half a second) is a row at its own time, as in Helios.
 */
export const taskHistory = (events: readonly Event[]): Event[] =>
  withPassedStates(events.filter((e) => e.reason === 'TaskState' && e.task))

/** One row per state: host, UTC time with milliseconds, state, throttle, container id (7) or `<none>`. */
export function historyTable(events: readonly Event[]): string[] {
  const rows = taskHistory(events).map((e) => [
    e.task?.host ?? '',
    utcTimestamp(e.timestamp),
    e.task?.state ?? '',
    e.task?.throttled ?? '',
    e.task?.containerId?.slice(0, 7) || '<none>',
  ])
  return table(HEADER, rows)
}

/**
 * Helios' `TaskStatusEvents`: `{events: [{host, status, timestamp (epoch ms)}], status: "OK"}`, each status a
 * TaskStatus of `job`. An Event records no goal, ports or env: goal is null (Helios' TaskStatus allowed it), ports
 * and env `{}` and containerError `""`, the values Helios held when none were given.
 */
export function historyJson(events: readonly Event[], job: Job): { events: unknown[]; status: 'OK' } {
  const heliosJob = jobJson(job)
  const items = taskHistory(events).map((e) => ({
    host: e.task?.host ?? '',
    status: {
      job: heliosJob,
      goal: null,
      state: e.task?.state ?? null,
      containerId: e.task?.containerId ?? null,
      throttled: e.task?.throttled ?? 'NO',
      ports: {},
      env: {},
      containerError: e.task?.containerError ?? '',
    },
    timestamp: Date.parse(e.timestamp),
  }))
  return { events: items, status: 'OK' }
}
