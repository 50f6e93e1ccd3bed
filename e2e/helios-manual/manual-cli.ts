// The manual's `helios` for the helios-manual scenario: heliosctl with `-z URL` on every call (the manual's alias), and
// readers for the outputs the manual shows (create's three lines, tables, a task's state on a host).
import { type ExecResult, heliosctl, waitFor } from '../harness.js'

/** `helios ARGS` as the manual's `alias helios='helios -z URL'` runs it; never throws on a non-zero exit. */
export type Helios = (...args: string[]) => Promise<ExecResult>

/** heliosctl with `-z master` first and no HELIOS_SERVER, so only `-z` can name the master. */
export function manualHelios(master: string, env?: NodeJS.ProcessEnv): Helios {
  return (...args) => heliosctl(['-z', master, ...args], { env: { HELIOS_SERVER: '', ...env } })
}

/** What `helios create` prints: `Creating job: {json}`, `Done.`, then the canonical id as the last line. */
export interface CreateOutput {
  job: Record<string, unknown>
  lines: string[]
  id: string
}

export function parseCreate(out: ExecResult): CreateOutput {
  const lines = out.stdout.trimEnd().split('\n')
  const [first = '', done, id = ''] = lines
  if (lines.length !== 3 || !first.startsWith('Creating job: ') || done !== 'Done.')
    throw new Error(`not the manual's create output (exit ${out.code}):\n${out.stdout}${out.stderr}`)
  return { job: JSON.parse(first.slice('Creating job: '.length)) as Record<string, unknown>, lines, id }
}

/** Rows of a Helios table (header first), cells split on runs of two or more spaces. */
export const tableRows = (stdout: string): string[][] =>
  stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/))

/** The row of `helios status --job JOB` for `host`: [JOB ID, HOST, GOAL, STATE, CONTAINER ID?, PORTS?]. */
export async function statusRow(helios: Helios, job: string, host: string): Promise<string[] | undefined> {
  const out = await helios('status', '--job', job)
  return tableRows(out.stdout).find((row) => row[1] === host)
}

/** Waits until `helios status --job JOB` shows `state` on `host`, and returns that row. */
export function waitState(helios: Helios, job: string, host: string, state: string, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const row = await statusRow(helios, job, host)
      if (row?.[3] === state) return row
      throw new Error(`status of ${job} on ${host}: ${JSON.stringify(row)}`)
    },
    { timeoutMs, intervalMs: 300, what: `${job} ${state} on ${host}` },
  )
}

/** `helios history JOB` rows of one host: [HOST, TIMESTAMP, STATE, THROTTLED, CONTAINERID]. */
export async function historyRows(helios: Helios, job: string, host: string): Promise<string[][]> {
  const out = await helios('history', job)
  if (out.code !== 0) throw new Error(`history ${job} exited ${out.code}: ${out.stderr}`)
  return tableRows(out.stdout)
    .slice(1)
    .filter((row) => row[0] === host)
}
