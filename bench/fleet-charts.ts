/** @module The fleet benchmark's SVG charts: Tasks placed and RUNNING over time; apiserver RSS through a restart against its steady RSS. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { lineChartSvg } from './chart.js'
import type { ConvergeRow } from './fleet-converge.js'
import type { RestartRow } from './fleet-restart.js'

export function writeFleetChart(file: string, row: ConvergeRow): void {
  const apiservers = row.apiservers === 1 ? 'one apiserver' : `${row.apiservers} apiservers`
  write(
    file,
    lineChartSvg({
      title: `${row.tasks} Tasks on ${row.hosts} hollow agents, ${apiservers}`,
      xLabel: 'seconds since the first apply',
      yLabel: 'Tasks',
      series: [
        { name: 'placed', points: row.samples.map((s) => [s.seconds, s.placed] as const) },
        { name: 'RUNNING', points: row.samples.map((s) => [s.seconds, s.running] as const) },
      ],
    }),
  )
}

/** RSS samples from the restart on, with the steady RSS before the kill and twice it (the goal's bound) as lines. */
export function writeRestartChart(file: string, row: RestartRow): void {
  const rss = row.samples.flatMap((s) => (s.rssMiB === undefined ? [] : [[s.seconds, s.rssMiB] as const]))
  const end = row.samples.at(-1)?.seconds ?? 0
  const level = (mib: number | undefined): [number, number][] =>
    mib === undefined
      ? []
      : [
          [0, mib],
          [end, mib],
        ]
  write(
    file,
    lineChartSvg({
      title: `apiserver RSS after kill -9 and restart, ${row.hosts} hosts, ${row.tasks} Tasks`,
      xLabel: 'seconds since the restart',
      yLabel: 'MiB',
      series: [
        { name: 'RSS', points: rss },
        { name: 'steady before the kill', points: level(row.steadyRssMiB) },
        { name: '2x steady', points: level(row.steadyRssMiB && 2 * row.steadyRssMiB) },
      ],
    }),
  )
}

function write(file: string, svg: string) {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, svg)
}
