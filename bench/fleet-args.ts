/** @module The fleet benchmark's command line (fleet-main.ts), read into FleetScaleOptions. */
import { parseArgs } from 'node:util'
import { FLEET_ROWS, type FleetRowName } from './fleet-scale.js'

const usage =
  'usage: fleet-main [--agents N] [--tasks M per agent] [--rows one,two,restart] [--quick] [--cpu-prof] [--failover] [--timeout S] [--zk-session-timeout S]'

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} ${value}: a whole number, at least 1\n${usage}`)
  return n
}

/** Throws a message ending in the usage on a bad flag; `--cpu-prof` defaults to HELIOS_BENCH_CPU_PROF=1. */
export function parseFleetArgs(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string' },
      tasks: { type: 'string' },
      rows: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: env.HELIOS_BENCH_CPU_PROF === '1' },
      failover: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'zk-session-timeout': { type: 'string' },
    },
  })
  const rows = values.rows?.split(',').map((r) => r.trim())
  const unknown = rows?.find((r) => !FLEET_ROWS.includes(r as FleetRowName))
  if (unknown !== undefined) throw new Error(`--rows: no row "${unknown}" (rows: ${FLEET_ROWS.join(', ')})\n${usage}`)
  const timeout = count('timeout', values.timeout)
  return {
    hollowAgents: count('agents', values.agents),
    tasksPerAgent: count('tasks', values.tasks),
    rows: rows as FleetRowName[] | undefined,
    quick: values.quick,
    cpuProfile: values['cpu-prof'],
    failover: values.failover,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    zkSessionTimeout: count('zk-session-timeout', values['zk-session-timeout']),
  }
}
