#!/usr/bin/env node
/** @module heliosctl's entry: runCli builds each verb's Ctx, exitWithError is the one place errors become text and exit codes. */
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CommanderError } from 'commander'
import { type Clock, HeliosClient, realClock } from '../client/index.js'
import type { GlobalOpts, Run } from './commands/run.js'
import { configPath, readConfig } from './config/config-file.js'
import { serverInputs } from './config/server-flags.js'
import { resolveTarget, type Target } from './config/server-target.js'
import { type SrvResolver, systemSrvResolver } from './config/srv-target.js'
import type { Ctx, Writer } from './context.js'
import { formatError } from './print/error.js'
import { colors, wantsColor } from './print/style.js'
import { terminalWriter } from './print/terminal-text.js'
import { buildProgram } from './program.js'
import { UsageError } from './usage-error.js'

/** What the process offers the CLI; tests pass buffers. */
export interface CliIO {
  stdout: Writer
  stderr: Writer
  stdin: Ctx['stdin']
  isTTY: boolean
  /** Whether stdout is a terminal (colours, spinners); defaults to false. */
  stdoutIsTTY?: boolean
  env: Record<string, string | undefined>
  clientVersion: string
  /** Defaults to the real clock; tests pass one whose sleep returns at once. */
  clock?: Clock
  /** The DNS resolver `-d/--domains` asks for SRV records (default: the system's); tests point one at their own server. */
  srvResolver?: () => SrvResolver
  /** Ends watching verbs (`get -w`, `wait`); the entry point aborts it on SIGINT. */
  signal?: AbortSignal
}

// Helios sent -u as the request's user; here the apiserver takes the user from the bearer token alone (or records
// "anonymous" when it runs open), so a name the client merely claims is never what an audit Event says.
const USERNAME_IGNORED =
  "-u/--username is ignored: the apiserver names the user from the token (--auth-token, HELIOS_TOKEN, the cluster's)"

/** Parses `argv` (without node and script), runs the verb, and returns the exit code. */
export async function runCli(argv: readonly string[], given: CliIO): Promise<number> {
  // Every byte heliosctl prints goes through the terminal writer: stored text cannot drive the terminal.
  const io = { ...given, stdout: terminalWriter(given.stdout), stderr: terminalWriter(given.stderr) }
  let exitCode = 0
  let target: Target | undefined
  const run: Run = async (verb, args, cmd) => {
    const opts = cmd.optsWithGlobals<GlobalOpts>()
    const { stdout, stderr, stdin, isTTY } = io
    const configFile = configPath(opts.config, io.env)
    const servers = await serverInputs(opts, io.srvResolver ?? systemSrvResolver)
    const inputs = { ...opts, ...servers, env: io.env, configFile, config: () => readConfig(configFile) }
    if (opts.username !== undefined) io.stderr.write(`warning: ${USERNAME_IGNORED}\n`)
    let client: HeliosClient | undefined
    const stdoutIsTTY = io.stdoutIsTTY === true
    const color = wantsColor(stdoutIsTTY, io.env)
    const ctx: Ctx = {
      // Resolved on first use, so verbs that never call the apiserver never read the config file.
      get client() {
        target ??= resolveTarget(inputs)
        client ??= new HeliosClient(target.server, {
          token: target.token,
          ca: target.ca,
          requestTimeoutMs: opts.requestTimeout,
        })
        return client
      },
      stdout,
      stderr,
      stdin,
      isTTY,
      stdoutIsTTY,
      colors: colors(color),
      env: io.env,
      clock: io.clock ?? realClock,
      signal: io.signal ?? new AbortController().signal,
    }
    exitCode = await verb(ctx, args, opts as never)
  }
  const program = buildProgram(io.clientVersion, io, run)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (err) {
    return exitWithError(err, io.stderr, program.opts<GlobalOpts>().verbose === true, target)
  }
}

/**
 * The one place an error becomes stderr text and an exit code (kubectl's CheckErr): 2 for usage, else 1.
 * `target` (the server used and where it came from) lets hints say which URL and which token failed.
 */
export function exitWithError(err: unknown, stderr: Writer, verbose: boolean, target?: Target): number {
  // commander has already printed its own usage message (or the help it was asked for).
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
  stderr.write(formatError(err, { verbose, target }))
  return err instanceof UsageError ? 2 : 1
}

/** The version in the nearest package.json above this file (works from source and from dist/). */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'
    } catch {}
  }
  return 'unknown'
}

// Run only as the entry point (npm's bin is a symlink, hence realpath), never when imported by tests.
const isEntryPoint = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
})()

/** Runs heliosctl as a process: argv, stdio, SIGINT and EPIPE handling, the exit code. */
export async function main(): Promise<void> {
  const interrupt = new AbortController()
  process.once('SIGINT', () => {
    interrupt.abort()
    // Verbs with a SIGINT handler of their own (logs -f, apply --watch) finish by themselves; the others,
    // if they do not watch the signal, end as an unhandled SIGINT would have ended them.
    if (process.listenerCount('SIGINT') === 0) setTimeout(() => process.exit(130), 1000).unref()
  })
  // `heliosctl get -w | head`: a reader that went away ends the verb quietly, as it would a Go or C tool.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
    process.exit(process.exitCode ?? 0)
  })
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
    clientVersion: packageVersion(),
    signal: interrupt.signal,
  })
}

// dist/heliosctl/main.js (heliosctl/bin.ts) calls main() itself after loading the bundle. Not awaited: the bundle is
// CommonJS (code-cache.ts), which has no top-level await.
if (isEntryPoint) void main()
