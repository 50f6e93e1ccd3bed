/** @module Task rows: every Task on the overview, and one Deployment's Task on every host for its detail screen. */
import { type Deployment, isSurgeTask, type Task } from '../../apis/index.js'
import { boundPorts } from '../print/ports.js'
import { type Cell, cell, type Row, type TableModel } from './row.js'
import { taskTone } from './tone.js'

const OVERVIEW_HEADER = ['DEPLOYMENT', 'HOST', 'STATE', 'GOAL', 'JOB', 'CONTAINER']
const DETAIL_HEADER = ['HOST', 'STATE', 'GOAL', 'JOB', 'CONTAINER', 'PORTS', 'ERROR']

/** Every Task, by Deployment then host. */
export function taskTable(tasks: readonly Task[]): TableModel {
  const rows = [...tasks].sort(byName).map(
    (t): Row => ({
      key: t.metadata.name,
      cells: [
        cell(t.spec.deployment),
        hostCell(t),
        stateCell(t),
        cell(t.spec.goal),
        cell(t.spec.job),
        containerCell(t),
      ],
    }),
  )
  return { title: 'Tasks', header: OVERVIEW_HEADER, rows }
}

/** Deployment `d`'s Tasks, plus a row for each host it targets that has no Task yet. */
export function deploymentTaskTable(d: Deployment, tasks: readonly Task[]): TableModel {
  const own = tasks.filter((t) => t.spec.deployment === d.metadata.name).sort(byName)
  const withTask = new Set(own.map((t) => t.spec.host))
  const rows: Row[] = own.map((t) => ({
    key: t.metadata.name,
    cells: [
      hostCell(t),
      stateCell(t),
      cell(t.spec.goal),
      cell(t.spec.job),
      containerCell(t),
      cell(boundPorts(t.status?.ports)),
      cell(t.status?.containerError ?? exitText(t), 'bad'),
    ],
  }))
  for (const host of d.status?.hosts ?? []) {
    if (!withTask.has(host))
      rows.push({ key: `${d.metadata.name}@${host}`, cells: [cell(host), cell('NO TASK', 'busy')] })
  }
  return { title: `Tasks of ${d.metadata.name}`, header: DETAIL_HEADER, rows }
}

/** The Deployment a Task row belongs to (`<deployment>@<host>`). */
export const deploymentOfTask = (taskName: string): string => taskName.slice(0, taskName.indexOf('@'))

const byName = (a: Task, b: Task) => a.metadata.name.localeCompare(b.metadata.name)

const hostCell = (t: Task): Cell => cell(isSurgeTask(t.metadata.name) ? `${t.spec.host} (surge)` : t.spec.host)

function stateCell(t: Task): Cell {
  const status = t.status
  const throttled = status && status.throttled !== 'NO' ? ` (${status.throttled})` : ''
  return cell(`${status?.state ?? 'PENDING'}${throttled}`, taskTone(status?.state, status?.throttled))
}

const containerCell = (t: Task): Cell => cell(t.status?.containerId?.slice(0, 12) ?? '')

function exitText(t: Task): string {
  const code = t.status?.exitCode
  return code === undefined || code === 0 ? '' : `exit code ${code}`
}
