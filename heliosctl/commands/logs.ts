/** @module `heliosctl logs REF [--host H] [-f] [--tail N] [--timestamps] [--prefix]`: container logs through the apiserver from each host's agent. */
import { type Command, InvalidArgumentError } from 'commander'
import { isApiError } from '../../apis/index.js'
import type { LogOptions } from '../../client/index.js'
import { type Ctx, println } from '../context.js'
import { untilInterrupted } from '../interrupt.js'
import { type LogTarget, logTargets } from '../log-targets.js'
import { formatError } from '../print/error.js'
import { logLine } from '../print/log-line.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
REF is a job (name:version, full id or unique prefix, as for deploy), job/REF, deployment/NAME
(deploy/NAME), task/NAME or a task name DEPLOYMENT@HOST; a bare name that is no job is a deployment.
The apiserver reads the logs from the agent of each task's host (stdout and stderr, whole lines).
One task prints plain lines; several (no --host) print each line as "[host] line", host after host,
or as they come with -f. A host whose logs cannot be read gets an error line on stderr while the
others are still printed, and the exit code is 1. Ctrl-C ends -f (exit 0).

Examples:
  heliosctl logs nginx:v1
  heliosctl logs nginx --host web1 -f
  heliosctl logs deployment/web --tail 20 --timestamps`

export interface LogsOpts extends GlobalOpts {
  host?: string
  follow?: boolean
  tail?: number
  timestamps?: boolean
  prefix?: boolean
}

export function defineLogs(program: Command, run: Run): void {
  program
    .command('logs')
    .description('print the container logs of a job, deployment or task')
    .argument('<ref>', 'job reference, deployment/NAME or task name')
    .option('--host <host>', 'only the task on this host')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--tail <n>', 'only the last N lines of each container (then new ones with -f)', parseTail)
    .option('--timestamps', "start each line with the engine's RFC 3339 timestamp")
    .option('--prefix', 'prefix lines with [host] even for a single task')
    .addHelpText('after', HELP)
    .action((ref: string, _opts: LogsOpts, cmd: Command) => run(logs, { ref }, cmd))
}

function parseTail(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number, at least 0')
  return n
}

export async function logs(ctx: Ctx, args: { ref: string }, opts: LogsOpts): Promise<number> {
  const targets = await logTargets(ctx.client, args.ref, opts.host)
  const labelled = opts.prefix === true || targets.length > 1
  const query: LogOptions = { follow: opts.follow === true, tailLines: opts.tail, timestamps: opts.timestamps === true }
  const read = async (signal?: AbortSignal) => {
    const [only] = targets
    if (only && !labelled) {
      await print(ctx, only, undefined, { ...query, signal }).catch((err: unknown) => {
        throw plainAgentError(err)
      })
      return 0
    }
    const failures = await (query.follow
      ? Promise.all(targets.map((t) => printOrReport(ctx, t, { ...query, signal })))
      : sequentially(targets, (t) => printOrReport(ctx, t, query)))
    return failures.some(Boolean) ? 1 : 0
  }
  return query.follow ? untilInterrupted(read) : read()
}

async function print(ctx: Ctx, target: LogTarget, label: string | undefined, opts: LogOptions): Promise<void> {
  for await (const line of ctx.client.logs(target.task, opts)) println(ctx.stdout, logLine(line, label, ctx.colors))
}

/** Prints one target's lines with its label; a failure goes to stderr (true) and the others carry on. */
async function printOrReport(ctx: Ctx, target: LogTarget, opts: LogOptions): Promise<boolean> {
  try {
    await print(ctx, target, target.label, opts)
    return false
  } catch (err) {
    ctx.stderr.write(formatError(plainAgentError(err)))
    return true
  }
}

async function sequentially<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (const item of items) out.push(await fn(item))
  return out
}

/** An agent the apiserver cannot reach is not an unreachable apiserver: keep the message, drop that hint. */
function plainAgentError(err: unknown): unknown {
  if (!isApiError(err, 'Unavailable') || err.message.startsWith('cannot reach apiserver')) return err
  return new Error(err.message, { cause: err })
}
