// heliosctl as a command (dist/heliosctl/main.js) and the host-UP checks built on `heliosctl hosts --json`.
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

/** Whether `heliosctl hosts --json` output (a map host → status, as in Helios) shows host `name` as UP. */
export function hostIsUp(json: unknown, name: string): boolean {
  const hosts = json as Record<string, { status?: unknown } | undefined>
  return hosts[name]?.status === 'UP'
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
      const res = await heliosctl(['hosts', '--json'], { server, env })
      if (res.code !== 0) throw new Error(`heliosctl hosts --json exited ${res.code}: ${res.stderr.trim()}`)
      const json: unknown = JSON.parse(res.stdout)
      const down = names.filter((n) => !hostIsUp(json, n))
      if (down.length > 0) throw new Error(`not UP yet: ${down.join(', ')}; hosts: ${show(json)}`)
      return true
    },
    { timeoutMs, intervalMs: 500, what: `hosts ${names.join(', ')} to be UP` },
  )
}
