/** @module The fleet benchmark printed: one table row per fleet (one apiserver, two, the restart), then what the table cannot hold. */
import type { Counts } from './apiserver-metrics.js'
import type { ConvergeRow } from './fleet-converge.js'
import type { RestartRow } from './fleet-restart.js'
import type { FleetScaleResult } from './fleet-scale.js'
import { printProfileSummary } from './profile-print.js'
import { alignRows } from './stats.js'

const seconds = (ms: number | undefined) => (ms === undefined ? 'timeout' : `${(ms / 1000).toFixed(1)} s`)
const inTime = (ms: number | undefined) => (ms === undefined ? 'never (timeout)' : seconds(ms))
const fixed = (n: number | undefined, digits = 0) => (n === undefined ? '-' : n.toFixed(digits))

export function printFleetTable(r: FleetScaleResult): string {
  const header = [
    'FLEET',
    'HOSTS',
    'TASKS',
    'HOSTS UP',
    'PLACED',
    'RUNNING',
    'TASKS/s',
    'ZK WRITES/TASK',
    'ZK WRITES/s',
    'RSS MiB',
    'PEAK MiB',
    'CPU s',
  ]
  const rows = r.rows.map((row) => convergeCells(row, r.zkRawWritesPerSecond))
  if (r.restart) rows.push(restartCells(r.restart))
  const notes = [
    `ZK WRITES: zxid growth from the first apply to all RUNNING; raw ZooKeeper creates on the same machine: ${r.zkRawWritesPerSecond.toFixed(0)}/s`,
    ...r.rows.map(splitNote),
  ]
  if (r.restart) notes.push(restartNote(r.restart))
  return [alignRows([header, ...rows]), ...notes].join('\n')
}

function convergeCells(row: ConvergeRow, raw: number): string[] {
  const each = row.apiserverRssEachMiB
  return [
    row.scenario,
    String(row.hosts),
    String(row.tasks),
    seconds(row.hostsUpMs),
    seconds(row.allPlacedMs),
    seconds(row.allRunningMs),
    fixed(row.tasksPerSecond),
    fixed(row.zkWritesPerTask, 1),
    row.zkWritesPerSecond === undefined
      ? '-'
      : `${row.zkWritesPerSecond.toFixed(0)} (${(row.zkWritesPerSecond / raw).toFixed(2)}x raw)`,
    each.length > 1 ? each.map((m) => fixed(m)).join(' + ') : fixed(row.apiserverRssMiB),
    fixed(row.apiserverPeakRssMiB),
    fixed(row.apiserverCpuSeconds, 1),
  ]
}

function restartCells(row: RestartRow): string[] {
  const peak =
    row.peakRssMiB === undefined ? '-' : `${row.peakRssMiB.toFixed(0)} (${fixed(row.peakOverSteady, 2)}x steady)`
  return [
    row.scenario,
    String(row.hosts),
    String(row.tasks),
    `${seconds(row.hostsUpAgainMs)} again`,
    '-',
    '-',
    '-',
    '-',
    '-',
    `${fixed(row.steadyRssMiB)} steady`,
    peak,
    '-',
  ]
}

const counts = (c: Counts | undefined) =>
  c === undefined
    ? 'not scraped'
    : Object.entries(c)
        .filter(([, n]) => n !== 0)
        .sort(([, a], [, b]) => b - a)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'

const splitNote = (row: ConvergeRow) =>
  `${row.scenario}, per Task: ZooKeeper requests by op ${counts(row.zkRequestsPerTask)}; HTTP requests by method ${counts(row.httpRequestsPerTask)}` +
  (row.apiserverHeapUsedMiB === undefined ? '' : `; V8 heap in use at the end ${fixed(row.apiserverHeapUsedMiB)} MiB`)

function restartNote(row: RestartRow): string {
  return [
    `apiserver restart: kill -9 under the converged fleet (all RUNNING in ${inTime(row.convergedRunningMs)}), started again at once; from its start:`,
    `answers a list ${inTime(row.readyMs)}; every host heartbeated through it ${inTime(row.hostsUpAgainMs)}; all ${fixed(row.watchesBefore)} watches back ${inTime(row.watchesBackMs)} (the controllers' among them);`,
    `leads again ${inTime(row.leaderAgainMs)} (the killed session holds the leadership for its ${row.zkSessionTimeoutSeconds} s timeout); ${fixed(row.zkWrites)} ZooKeeper writes;`,
    `RSS peak ${fixed(row.peakRssMiB)} MiB (250 ms samples), ${fixed(row.peakOverSteady, 2)}x the steady ${fixed(row.steadyRssMiB)} MiB before the kill`,
  ].join('\n  ')
}

/** The table, then each apiserver's CPU profile summarised (when the run had `--cpu-prof`). */
export function printFleetReport(r: FleetScaleResult, top = 10): string {
  const profiles = r.profiles.map((p) => printProfileSummary(`CPU profile ${p.file}`, p.summary, top))
  return [printFleetTable(r), ...profiles].join('\n\n')
}
