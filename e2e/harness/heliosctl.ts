// heliosctl as a command (dist/heliosctl/main.js), its JSON output, and the host statuses of `heliosctl hosts --json`.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { childEnv } from './node-process.js'
import { REPO_ROOT } from './paths.js'
import { type ExecResult, run } from './process.js'
import { show } from './text.js'
import { waitFor } from './wait.js'

/** Runs `node dist/heliosctl/main.js ARGS` with HELIOS_SERVER set; never throws on a non-zero exit. */
export function heliosctl(
  args: string[],
  opts: { server?: string; stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const main = join(REPO_ROOT, 'dist/heliosctl/main.js')
  if (!existsSync(main)) {
    return Promise.resolve({ code: 127, stdout: '', stderr: `${main} is missing: run \`npm run build\`\n` })
  }
  const env = childEnv(opts.env)
  if (opts.server) env.HELIOS_SERVER = opts.server
  return run(process.execPath, [main, ...args], { env, stdin: opts.stdin, timeoutMs: opts.timeoutMs })
}

/**
 * The JSON a heliosctl run printed (`--json`, `-o json`); throws, with its stderr, unless it exited 0 and wrote nothing
 * to stderr (a scenario asking for JSON expects nothing else).
 */
// biome-ignore lint/suspicious/noExplicitAny: a scenario reads the fields it asked for, as Helios' JSON has them
export function jsonOutput<T = any>(res: ExecResult, what = 'heliosctl'): T {
  if (res.code !== 0 || res.stderr !== '') throw new Error(`${what} exited ${res.code}: ${res.stderr.trim()}`)
  return JSON.parse(res.stdout) as T
}

/** Each host's status (UP, DOWN…) in `heliosctl hosts --json` output: Helios' map host → HostStatus. */
export function hostStatusesIn(json: unknown): Record<string, string | undefined> {
  const hosts = json as Record<string, { status?: string } | undefined>
  return Object.fromEntries(Object.entries(hosts).map(([name, host]) => [name, host?.status]))
}

/** Each host's status as `heliosctl hosts --json` shows it (`env`: e.g. HELIOS_TOKEN). */
export async function hostStatuses(
  server: string,
  env?: NodeJS.ProcessEnv,
): Promise<Record<string, string | undefined>> {
  const res = await heliosctl(['hosts', '--json'], { server, env })
  return hostStatusesIn(jsonOutput(res, 'heliosctl hosts --json'))
}

/** Waits until every named host is UP according to `heliosctl hosts --json` (`env`: e.g. HELIOS_TOKEN). */
export async function waitHostsUp(
  server: string,
  names: string[],
  timeoutMs = 60_000,
  env?: NodeJS.ProcessEnv,
): Promise<void> {
  // `hosts` exits 1 when no host matches, as Helios' does: with no agents there is nothing to wait for.
  if (names.length === 0) return
  await waitFor(
    async () => {
      const statuses = await hostStatuses(server, env)
      const down = names.filter((n) => statuses[n] !== 'UP')
      if (down.length > 0) throw new Error(`not UP yet: ${down.join(', ')}; hosts: ${show(statuses)}`)
      return true
    },
    { timeoutMs, intervalMs: 500, what: `hosts ${names.join(', ')} to be UP` },
  )
}
