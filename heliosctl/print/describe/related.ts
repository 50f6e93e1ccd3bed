/** @module The tables `describe` shares between kinds: an object's Tasks and its recent Events. */
import type { Event, Task } from '../../../apis/index.js'
import { age } from '../duration.js'
import { kindName } from '../object-ref.js'
import { boundPorts } from '../ports.js'
import { stateText } from '../status-table.js'
import { orNone, table } from '../table.js'
import { withPassedStates } from '../task-state-rows.js'

/** Events `describe` shows: the newest, printed oldest first. */
export const EVENTS_SHOWN = 20

export type TaskColumn = 'NAME' | 'HOST' | 'DEPLOYMENT' | 'JOB' | 'GOAL'

/**
 * Tasks as `describe` lists them: the leading columns the kind needs, then STATE (with the throttle),
 * CONTAINER, PORTS, AGE; a Task's error follows on an indented line.
 */
export function taskLines(tasks: readonly Task[], leading: readonly TaskColumn[], now: number): string[] {
  const sorted = [...tasks].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  const cell: Record<TaskColumn, (t: Task) => string> = {
    NAME: (t) => t.metadata.name,
    HOST: (t) => t.spec.host,
    DEPLOYMENT: (t) => t.spec.deployment,
    JOB: (t) => t.spec.job,
    GOAL: (t) => t.spec.goal,
  }
  const rows = sorted.map((t) => [
    ...leading.map((c) => cell[c](t)),
    orNone(stateText(t)),
    orNone(t.status?.containerId?.slice(0, 12)),
    orNone(boundPorts(t.status?.ports)),
    age(t.metadata.creationTimestamp, now),
  ])
  const [header = '', ...lines] = table([...leading, 'STATE', 'CONTAINER', 'PORTS', 'AGE'], rows)
  return [
    header,
    ...lines.flatMap((line, i) => {
      const error = sorted[i]?.status?.containerError
      return error ? [line, `  error: ${error}`] : [line]
    }),
  ]
}

/** The newest EVENTS_SHOWN events (a task's states one each), oldest first: AGE TYPE REASON OBJECT FROM MESSAGE. */
export function eventLines(events: readonly Event[], now: number): string[] {
  const recent = withPassedStates(events).slice(-EVENTS_SHOWN)
  const rows = recent.map((e) => [
    age(e.timestamp, now),
    e.type,
    e.reason,
    kindName(e.involvedObject.kind, e.involvedObject.name),
    [e.source.component, e.source.host].filter(Boolean).join(', '),
    e.message,
  ])
  return rows.length === 0 ? [] : table(['AGE', 'TYPE', 'REASON', 'OBJECT', 'FROM', 'MESSAGE'], rows)
}
