#!/usr/bin/env node
/** @module heliosctl: the commander program, its global options, and the single exitWithError. */
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError } from 'commander'
import { type Clock, HeliosClient, realClock } from '../client/index.js'
import { allCommands, commandPath } from './command-tree.js'
import { defineApply } from './commands/apply.js'
import { defineCompletion } from './commands/completion.js'
import { defineConfig } from './commands/config.js'
import { defineCordon } from './commands/cordon.js'
import { defineCreate } from './commands/create.js'
import { defineCreateDeploymentGroup } from './commands/create-deployment-group.js'
import { defineDashboard } from './commands/dashboard.js'
import { defineDelete } from './commands/delete.js'
import { defineDeploy } from './commands/deploy.js'
import { defineDeploymentGroupViews } from './commands/deployment-groups.js'
import { defineDescribe } from './commands/describe.js'
import { defineDiff } from './commands/diff.js'
import { defineDrain } from './commands/drain.js'
import { defineExplain } from './commands/explain.js'
import { defineGet } from './commands/get.js'
import { defineHistory } from './commands/history.js'
import { defineHosts } from './commands/hosts.js'
import { defineInspect } from './commands/inspect.js'
import { defineJobs } from './commands/jobs.js'
import { defineLabel } from './commands/label.js'
import { defineLogs } from './commands/logs.js'
import { defineRemove } from './commands/remove.js'
import { defineRemoveDeploymentGroup } from './commands/remove-deployment-group.js'
import { defineRollingUpdate } from './commands/rolling-update.js'
import { defineRollout } from './commands/rollout.js'
import type { GlobalOpts, Run } from './commands/run.js'
import { defineStart, defineStop } from './commands/start-stop.js'
import { defineStatus } from './commands/status.js'
import { defineUndeploy } from './commands/undeploy.js'
import { defineVersion } from './commands/version.js'
import { defineWait } from './commands/wait.js'
import { defineWatch } from './commands/watch.js'
import { configPath, readConfig } from './config/config-file.js'
import { DEFAULT_SERVER, resolveTarget, type Target } from './config/server-target.js'
import type { Ctx, Writer } from './context.js'
import { formatError } from './print/error.js'
import { colors, wantsColor } from './print/style.js'
import { UsageError } from './usage-error.js'

// Kept here too for code that imported it from main.ts before the config file had its own module.
export { DEFAULT_SERVER }

const FOOTER = `
Configuration (heliosctl config --help):
  file     --config FILE > HELIOS_CONFIG > $XDG_CONFIG_HOME/heliosctl/config.yaml > ~/.config/heliosctl/config.yaml
  server   --server > --cluster NAME > HELIOS_SERVER > the current cluster > ${DEFAULT_SERVER}
  token    --auth-token > HELIOS_TOKEN > the cluster's token; with --cluster NAME, its token beats HELIOS_TOKEN
  a cluster's token and CA go only to that cluster's server, never to --server or HELIOS_SERVER

Environment:
  HELIOS_SERVER   apiserver URL when neither --server nor --cluster is given
  HELIOS_TOKEN    bearer token when --auth-token is absent (an apiserver with --token-file needs one)
  HELIOS_CONFIG   the config file when --config is absent
  NODE_EXTRA_CA_CERTS  more CAs to trust for https:// servers (a cluster's certificateAuthority needs none)
  NO_COLOR        no colours even on a terminal

Exit codes:
  0  success
  1  the operation failed: an apiserver error, an unreachable apiserver, a malformed config file, an unknown
     or ambiguous job, a pattern that matched nothing, an invalid manifest, a declined confirmation, a rollout
     that failed or timed out (rollout status, rolling-update, drain --wait, wait)
  2  usage error: unknown verb or flag (with a suggestion), missing argument, bad flag value
  diff is the exception, as kubectl diff: 0 no changes, 1 changes found, >1 an error

Shell completion: source <(heliosctl completion bash)   (or zsh)

Prompts (remove, undeploy -a) appear only when stdin is a terminal; without one, verbs proceed.`

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
  /** Ends watching verbs (`get -w`, `wait`); the entry point aborts it on SIGINT. */
  signal?: AbortSignal
}

/** Parses `argv` (without node and script), runs the verb, and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0
  let target: Target | undefined
  const run: Run = async (verb, args, cmd) => {
    const opts = cmd.optsWithGlobals<GlobalOpts>()
    const { stdout, stderr, stdin, isTTY } = io
    const configFile = configPath(opts.config, io.env)
    const inputs = { ...opts, env: io.env, configFile, config: () => readConfig(configFile) }
    let client: HeliosClient | undefined
    const stdoutIsTTY = io.stdoutIsTTY === true
    const color = wantsColor(stdoutIsTTY, io.env)
    const ctx: Ctx = {
      // Resolved on first use, so verbs that never call the apiserver never read the config file.
      get client() {
        target ??= resolveTarget(inputs)
        client ??= new HeliosClient(target.server, { token: target.token, ca: target.ca })
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
  const program = buildProgram(io, run)
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

function buildProgram(io: CliIO, run: Run): Command {
  const program = new Command('heliosctl')
    .description('Helios in TypeScript: declare Jobs and Deployments, see where containers run')
    .version(io.clientVersion, '-V, --version', 'print the client version')
    .option('--server <url>', `apiserver URL (env HELIOS_SERVER; default: the current cluster, or ${DEFAULT_SERVER})`)
    // Not --token: the Helios verbs create, deploy, undeploy and remove take --token for a Job's token.
    .option('--auth-token <token>', "bearer token for the apiserver (env HELIOS_TOKEN; default: the cluster's)")
    .option('--cluster <name>', 'use this cluster of the config file instead of the current one')
    .option('--config <file>', 'the config file (env HELIOS_CONFIG; default ~/.config/heliosctl/config.yaml)')
    .option('--json', 'JSON output (Helios verbs, rollout status and history, label, drain)')
    .option('-v, --verbose', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(oneLineError(s)),
    })
    .addHelpText('after', FOOTER)
  program.commandsGroup('Declarative commands (kubectl-style):')
  defineApply(program, run)
  defineDiff(program, run)
  defineGet(program, run)
  defineDelete(program, run)
  defineLabel(program, run)
  defineRollout(program, run)
  defineDashboard(program, run)
  defineDescribe(program, run)
  defineWait(program, run)
  defineExplain(program, run)
  program.commandsGroup('Host commands:')
  defineCordon(program, run)
  defineDrain(program, run)
  program.commandsGroup('Helios commands:')
  defineCreate(program, run)
  defineInspect(program, run)
  defineJobs(program, run)
  defineHosts(program, run)
  defineDeploy(program, run)
  defineUndeploy(program, run)
  defineStart(program, run)
  defineStop(program, run)
  defineStatus(program, run)
  defineWatch(program, run)
  defineHistory(program, run)
  defineRollingUpdate(program, run)
  defineRemove(program, run)
  defineVersion(program, run, io.clientVersion)
  program.commandsGroup('Deployment group commands (Helios; each is a Deployment with a hostSelector):')
  defineCreateDeploymentGroup(program, run)
  defineDeploymentGroupViews(program, run)
  defineRemoveDeploymentGroup(program, run)
  program.commandsGroup('Troubleshooting commands:')
  defineLogs(program, run)
  program.commandsGroup('Configuration and shell commands:')
  defineConfig(program, run)
  defineCompletion(program, run)
  for (const cmd of allCommands(program)) cmd.showHelpAfterError(`hint: run '${commandPath(cmd)} --help' for usage`)
  return program
}

// commander puts its suggestion on a line of its own; every error here is one line (+ a hint line).
const oneLineError = (text: string): string => text.replace(/\n\(Did you mean (.+)\?\)/, '; did you mean $1?')

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

// dist/heliosctl/main.js (heliosctl/bin.ts) calls main() itself after loading the bundle.
if (isEntryPoint) await main()
