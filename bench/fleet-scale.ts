/**
 * @module Benchmark: N hollow agents × M Tasks on the benchmark's own apiserver(s) over a ZooKeeper root of each
 * row's own: one apiserver, two apiservers sharing the agents, and an apiserver kill -9 and restart under a
 * converged fleet. Optionally each apiserver runs under `node --cpu-prof`.
 */
import { existsSync, rmSync } from 'node:fs'
import { writeFleetChart, writeRestartChart } from './fleet-charts.js'
import { type ConvergeRow, convergeFleet } from './fleet-converge.js'
import { measureRestart, type RestartRow } from './fleet-restart.js'
import { apiserverOptions, type FleetSetupOptions, withFleet } from './fleet-setup.js'
import { type ProfileSummary, readProfileSummary } from './profile-summary.js'
import { zkCreateThroughput } from './zk-baseline.js'
import { openZooKeeper } from './zk-session.js'
import { removeTree, staleRuns } from './zk-tree.js'

export type FleetRowName = 'one' | 'two' | 'restart'
export const FLEET_ROWS: readonly FleetRowName[] = ['one', 'two', 'restart']

export interface FleetScaleOptions {
  /** ZooKeeper to put the apiservers on (the `npm run solo` one by default). */
  zk: string
  /** Charts, apiserver logs (fleet-logs/) and CPU profiles (profiles/) go here. */
  resultsDir: string
  hollowAgents?: number
  tasksPerAgent?: number
  timeoutMs?: number
  /** 50 agents × 4 Tasks, short steady and tail windows, a 5 s ZooKeeper session. */
  quick?: boolean
  rows?: readonly FleetRowName[]
  /** Run every apiserver under `node --cpu-prof` (profiles in `<resultsDir>/profiles/`). */
  cpuProfile?: boolean
  /** Two apiservers: give each hollow agent both (`--server a,b`), its own first; needs the agents' failover. */
  failover?: boolean
  /** The apiservers' `--zk-session-timeout` (default the apiserver's 30 s; quick 5 s). */
  zkSessionTimeout?: number
}

export interface FleetProfile {
  file: string
  summary: ProfileSummary
}

/** The one-apiserver row's figures stay at the top level, where the earlier result files had them. */
export type FleetScaleResult = Partial<Omit<ConvergeRow, 'scenario'>> & {
  zkRawWritesPerSecond: number
  rows: ConvergeRow[]
  restart?: RestartRow
  profiles: FleetProfile[]
}

/** Parent of every run's ZooKeeper roots: `<parent>/<run id>-<row>`, the run id being its start in base 36. */
const ROOTS = '/helios-bench-fleet'
/** A run's roots older than this are a dead run's leftovers (a Ctrl-C); the next run removes them. */
const STALE_MS = 6 * 3600_000

export async function benchFleetScale(o: FleetScaleOptions): Promise<FleetScaleResult> {
  const agents = o.quick ? 50 : (o.hollowAgents ?? 1000)
  const perAgent = o.quick ? 4 : (o.tasksPerAgent ?? 10)
  const timeoutMs = o.timeoutMs ?? 300_000
  const sessionTimeout = o.zkSessionTimeout ?? (o.quick ? 5 : 30)
  const rows = o.rows ?? FLEET_ROWS
  const id = Date.now().toString(36)
  const zk = await openZooKeeper(o.zk)
  try {
    for (const root of await staleRuns(zk, ROOTS, Date.now() - STALE_MS, (name) => parseInt(name, 36) || undefined))
      await removeTree(zk, root)
    const raw = await zkCreateThroughput({ zk: o.zk, count: o.quick ? 500 : 3000, concurrency: 20, bytes: 1024 })
    const result: FleetScaleResult = { zkRawWritesPerSecond: raw.ops / raw.seconds, rows: [], profiles: [] }
    const profileNames: string[] = []
    const profile = (name: string) => {
      profileNames.push(name)
      // A killed apiserver writes none: an older run's file of that name must not pass for this run's.
      if (o.cpuProfile) rmSync(profileFile(o.resultsDir, name), { force: true })
    }
    const fleet = (row: FleetRowName, apiservers: number): FleetSetupOptions => {
      for (let i = 0; i < apiservers; i++) profile(`${row}-${i}`)
      return {
        zk: o.zk,
        zkRoot: `${ROOTS}/${id}-${row}`,
        apiservers,
        agents,
        hostPrefix: `bench-hollow-${id}-${row}`,
        label: `bench-run=${id}`,
        logDir: `${o.resultsDir}/fleet-logs`,
        name: row,
        cpuProfileDir: o.cpuProfile ? profileDir(o.resultsDir) : undefined,
        zkSessionTimeout: sessionTimeout,
        failover: o.failover,
        timeoutMs,
      }
    }
    const converge = { zk: o.zk, perAgent, deploymentPrefix: `bench-fleet-${id}`, timeoutMs }
    if (rows.includes('one')) {
      const setup = fleet('one', 1)
      await withFleet(zk, setup, sessionTimeout, async (running) => {
        result.rows.push(await convergeFleet(running, { ...converge, scenario: 'one apiserver' }))
      })
    }
    if (rows.includes('two')) {
      await withFleet(zk, fleet('two', 2), sessionTimeout, async (running) => {
        result.rows.push(await convergeFleet(running, { ...converge, scenario: 'two apiservers' }))
      })
    }
    if (rows.includes('restart')) {
      const setup = fleet('restart', 1)
      profile('restart-0-restarted')
      await withFleet(zk, setup, sessionTimeout, async (running) => {
        const before = await convergeFleet(running, { ...converge, scenario: 'before the restart' })
        result.restart = await measureRestart(running, {
          zk: o.zk,
          tasks: before.tasks,
          convergedRunningMs: before.allRunningMs,
          respawn: apiserverOptions(setup, 0, '-restarted'),
          zkSessionTimeoutSeconds: sessionTimeout,
          steadySeconds: o.quick ? 2 : 10,
          tailSeconds: o.quick ? 1 : 10,
          timeoutMs,
        })
      })
    }
    const one = result.rows.find((r) => r.apiservers === 1)
    if (one) {
      const { scenario: _, ...figures } = one
      Object.assign(result, figures)
    }
    for (const row of result.rows) writeFleetChart(`${o.resultsDir}/${chartName(row)}`, row)
    if (result.restart) writeRestartChart(`${o.resultsDir}/fleet-restart.svg`, result.restart)
    for (const name of profileNames) {
      const file = profileFile(o.resultsDir, name)
      if (o.cpuProfile && existsSync(file)) result.profiles.push({ file, summary: readProfileSummary(file) })
    }
    return result
  } finally {
    zk.close()
  }
}

const profileDir = (resultsDir: string) => `${resultsDir}/profiles`
const profileFile = (resultsDir: string, name: string) => `${profileDir(resultsDir)}/${name}.cpuprofile`

/** fleet-scale.svg for one apiserver (the chart BENCHMARKS.md shows), fleet-scale-<n>-apiservers.svg otherwise. */
const chartName = (row: ConvergeRow) =>
  row.apiservers === 1 ? 'fleet-scale.svg' : `fleet-scale-${row.apiservers}-apiservers.svg`
