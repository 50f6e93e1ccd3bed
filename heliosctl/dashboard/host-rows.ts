/** @module The Hosts pane: one row per Host with liveness, load, its Tasks and whether it is cordoned. */
import type { Host, Task } from '../../apis/index.js'
import { cell, type Row, type TableModel } from './row.js'
import { hostTone } from './tone.js'

const HEADER = ['HOST', 'STATUS', 'LOAD', 'RUNNING', 'TASKS', 'CORDONED']

/** Hosts sorted by name; RUNNING counts the host's Tasks in state RUNNING, TASKS all of them. */
export function hostTable(hosts: readonly Host[], tasks: readonly Task[]): TableModel {
  const rows = [...hosts]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((host): Row => {
      const own = tasks.filter((t) => t.spec.host === host.metadata.name)
      const state = host.status?.state
      const load = host.status?.hostInfo?.loadAvg
      return {
        key: host.metadata.name,
        cells: [
          cell(host.metadata.name),
          cell(state ?? 'UNKNOWN', hostTone(state)),
          cell(load === undefined ? '' : load.toFixed(2)),
          cell(own.filter((t) => t.status?.state === 'RUNNING').length),
          cell(own.length),
          cordoned(host),
        ],
      }
    })
  return { title: 'Hosts', header: HEADER, rows }
}

function cordoned(host: Host) {
  if (host.spec.drain) return cell('drained', 'busy')
  return host.spec.unschedulable ? cell('cordoned', 'busy') : cell('')
}
