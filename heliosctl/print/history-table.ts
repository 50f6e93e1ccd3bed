/** @module `heliosctl history` output: Helios' task history table and its TaskStatusEvents JSON. */
import { byEventTime, type Event } from '../../apis/index.js'
import { table } from './table.js'
import { utcTimestamp } from './timestamp.js'

const HEADER = ['HOST', 'TIMESTAMP', 'STATE', 'THROTTLED', 'CONTAINERID']

/** The TaskState events of a job's tasks, oldest first across hosts (as Helios' master sorts them). */
export const taskHistory = (events: readonly Event[]): Event[] =>
  events.filter((e) => e.reason === 'TaskState' && e.task).sort(byEventTime)

/** One row per event: host, UTC time with milliseconds, state, throttle, container id (7) or `<none>`. */
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

/** Helios' `TaskStatusEvents`: `{events: [{timestamp (epoch ms), host, status}], status: "OK"}`. */
export function historyJson(events: readonly Event[]): { events: unknown[]; status: 'OK' } {
  const items = taskHistory(events).map((e) => {
    const { host, ...status } = e.task ?? { host: '' }
    return { timestamp: Date.parse(e.timestamp), host, status }
  })
  return { events: items, status: 'OK' }
}
