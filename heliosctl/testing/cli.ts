/** @module Test helper: runs heliosctl in-process with string buffers for stdout and stderr. */
import type { Clock } from '../../client/index.js'
import type { SrvResolver } from '../config/srv-target.js'
import { runCli } from '../main.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `heliosctl --server <server> ...argv`; `stdin` is what `-f -` and prompts read. */
export async function heliosctl(
  server: string,
  argv: string[],
  opts: {
    stdin?: string
    isTTY?: boolean
    stdoutIsTTY?: boolean
    env?: Record<string, string>
    clock?: Clock
    signal?: AbortSignal
    /** The DNS resolver for `-d` (a test's own DNS server). */
    srvResolver?: () => SrvResolver
    /** Sees stdout as it is written (the result still holds all of it). */
    onStdout?: (text: string) => void
  } = {},
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  // An empty server leaves --server out, so HELIOS_SERVER and the config file decide (config tests).
  const code = await runCli([...(server ? ['--server', server] : []), ...argv], {
    stdout: {
      write: (s: string) => {
        stdout += s
        opts.onStdout?.(s)
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {
      if (opts.stdin !== undefined) yield opts.stdin
    })(),
    isTTY: opts.isTTY ?? false,
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    env: opts.env ?? {},
    clientVersion: '1.2.3',
    clock: opts.clock,
    signal: opts.signal,
    srvResolver: opts.srvResolver,
  })
  return { code, stdout, stderr }
}
