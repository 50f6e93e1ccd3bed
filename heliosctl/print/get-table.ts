/** @module `heliosctl get` tables, one column set per kind (kubectl's printers); `-o wide` adds columns. */
import type { Deployment, Endpoints, Event, HeliosObject, Host, Job, Kind, Task } from '../../apis/index.js'
import { byEventTime, hostLabels, shortJobId } from '../../apis/index.js'
import { rolloutHosts, rolloutView } from '../rollout-progress.js'
import { age } from './duration.js'
import { dockerVersion, labelList, memGb } from './host-facts.js'
import { kindName } from './object-ref.js'
import { boundPorts, declaredPorts } from './ports.js'
import { orNone, table } from './table.js'
import { utcTimestamp } from './timestamp.js'

export interface GetTableOptions {
  wide?: boolean
  now: number
  /** Tasks of the Deployments shown, for READY. */
  tasks?: readonly Task[]
}

/** A table before alignment: `get -w` pads later rows to the widths of the first table. */
export interface Rows {
  header: string[]
  rows: string[][]
}

/** Renders objects of one kind as table lines. */
export function getTable(kind: Kind, objects: readonly HeliosObject[], opts: GetTableOptions): string[] {
  const { header, rows } = getRows(kind, objects, opts)
  return table(header, rows, { maxCellWidth: opts.wide ? Number.POSITIVE_INFINITY : undefined })
}

/** The header and cells of `get KIND` for `objects`. */
export function getRows(kind: Kind, objects: readonly HeliosObject[], opts: GetTableOptions): Rows {
  switch (kind) {
    case 'Job':
      return jobTable(objects as Job[], opts)
    case 'Deployment':
      return deploymentTable(objects as Deployment[], opts)
    case 'Host':
      return hostTable(objects as Host[], opts)
    case 'Task':
      return taskTable(objects as Task[], opts)
    case 'Event':
      return eventTable(objects as Event[], opts)
    case 'Endpoints':
      return endpointsTable(objects as Endpoints[], opts)
  }
}

/** kubectl's NAME ENDPOINTS AGE: `address:port` of each endpoint (a DOWN host's marked), `-o wide` adds tasks. */
function endpointsTable(list: Endpoints[], { wide, now }: GetTableOptions): Rows {
  const header = ['NAME', 'ENDPOINTS', 'AGE', ...(wide ? ['TASKS'] : [])]
  const rows = list.map((ep) => [
    ep.metadata.name,
    orNone(ep.spec.endpoints.map((e) => `${e.address}:${e.port}${e.ready ? '' : '(not ready)'}`).join(',')),
    age(ep.metadata.creationTimestamp, now),
    ...(wide ? [orNone(ep.spec.endpoints.map((e) => e.task).join(','))] : []),
  ])
  return { header, rows }
}

function jobTable(jobs: Job[], { wide, now }: GetTableOptions): Rows {
  const header = ['NAME', 'ID', 'IMAGE', 'PORTS', 'AGE', ...(wide ? ['COMMAND'] : [])]
  const rows = jobs.map((j) => [
    j.metadata.name,
    orNone(j.status?.id && shortJobId(j.status.id)),
    j.spec.image,
    orNone(declaredPorts(j.spec.ports)),
    age(j.metadata.creationTimestamp, now),
    ...(wide ? [j.spec.command.join(' ')] : []),
  ])
  return { header, rows }
}

/** STATE (REVERTING/REVERTED for reverts) and UP-TO-DATE come from the controller's rollout status; READY counts running Tasks. */
function deploymentTable(deployments: Deployment[], { wide, now, tasks = [] }: GetTableOptions): Rows {
  const header = ['NAME', 'JOB', 'HOSTS', 'STATE', 'REVISION', 'UP-TO-DATE', 'READY', 'AGE']
  const rows = deployments.map((d) => {
    const rollout = d.status?.rollout
    return [
      d.metadata.name,
      orNone(d.spec.job),
      orNone(targetHosts(d).join(',')),
      rolloutView(rollout) + (d.spec.paused ? ',Paused' : ''),
      orNone(rollout && String(rollout.revision)),
      rollout ? `${rollout.done.length}/${rolloutHosts(rollout).length}` : '<none>',
      ready(d, tasks),
      age(d.metadata.creationTimestamp, now),
      ...(wide ? [d.spec.goal, orNone(d.spec.hostSelector.join(','))] : []),
    ]
  })
  return { header: [...header, ...(wide ? ['GOAL', 'SELECTOR'] : [])], rows }
}

function hostTable(hosts: Host[], { wide, now }: GetTableOptions): Rows {
  const header = ['NAME', 'STATUS', 'LABELS', 'AGE', ...(wide ? ['CPUS', 'MEM', 'DOCKER'] : [])]
  const rows = hosts.map((h) => [
    h.metadata.name,
    (h.status?.state ?? 'UNKNOWN') + (h.spec.unschedulable ? ',SchedulingDisabled' : ''),
    orNone(labelList(hostLabels(h), ',')),
    age(h.metadata.creationTimestamp, now),
    ...(wide ? [String(h.status?.hostInfo?.cpus ?? ''), memGb(h), dockerVersion(h)] : []),
  ])
  return { header, rows }
}

function taskTable(tasks: Task[], { wide, now }: GetTableOptions): Rows {
  const header = ['NAME', 'HOST', 'JOB', 'GOAL', 'STATE', 'CONTAINER', 'PORTS', 'AGE']
  if (wide) header.push('DEPLOYMENT', 'THROTTLED')
  const rows = tasks.map((t) => [
    t.metadata.name,
    t.spec.host,
    t.spec.job,
    t.spec.goal,
    orNone(t.status?.state),
    orNone(t.status?.containerId?.slice(0, 7)),
    orNone(boundPorts(t.status?.ports)),
    age(t.metadata.creationTimestamp, now),
    ...(wide ? [t.spec.deployment, t.status?.throttled ?? 'NO'] : []),
  ])
  return { header, rows }
}

/** Oldest first; OBJECT is `kind/name` as kubectl prints it; `-o wide` adds where it came from. */
function eventTable(events: Event[], { wide }: GetTableOptions): Rows {
  const header = ['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', ...(wide ? ['SOURCE'] : [])]
  const rows = [...events]
    .sort(byEventTime)
    .map((e) => [
      utcTimestamp(e.timestamp),
      e.type,
      e.reason,
      kindName(e.involvedObject.kind, e.involvedObject.name),
      e.message,
      ...(wide ? [[e.source.component, e.source.host].filter(Boolean).join(', ')] : []),
    ])
  return { header, rows }
}

/** Hosts the controller targets (status), else those named in the spec. */
const targetHosts = (d: Deployment): string[] => (d.status?.hosts.length ? d.status.hosts : d.spec.hosts)

/** `running/total` Tasks of a Deployment. */
export function ready(d: Deployment, tasks: readonly Task[]): string {
  const own = tasks.filter((t) => t.spec.deployment === d.metadata.name)
  return `${own.filter((t) => t.status?.state === 'RUNNING').length}/${own.length}`
}
