/** @module `heliosctl watch JOB…`: Helios' watch — the state of the jobs' tasks, again every interval until Ctrl-C. */
import type { Command } from 'commander'
import type { Task } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { parsePositiveInt } from '../duration-flag.js'
import { resolveJobRef } from '../job-ref.js'
import { ownSequence } from '../print/terminal-text.js'
import { watchJson, watchStamp, watchTable } from '../print/watch-table.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
On a terminal the screen is redrawn every interval. Otherwise (a pipe, a file) a snapshot is printed
only when the table changed, under a [time UTC] line, unless --nodiff asks for every one. --json
prints one {"timestamp", "tasks"} line per snapshot. Ends with Ctrl-C, or after --count snapshots.

Examples:
  heliosctl watch nginx:v1
  heliosctl watch nginx redis --host web --interval 5 | tee watch.log`

// Clear the screen and home the cursor: a redraw without a curses library.
const CLEAR = ownSequence('\x1b[2J\x1b[H')

export interface WatchOpts extends GlobalOpts {
  host?: string[]
  interval: number
  nodiff?: boolean
  count?: number
}

export function defineWatch(program: Command, run: Run): void {
  program
    .command('watch')
    .description("watch the state of jobs' tasks on their hosts")
    .argument('<jobs...>', 'job references: name:version, full id or unique prefix')
    .option('--host <prefix>', 'only hosts whose name starts with this (repeatable)', (v, p: string[] = []) => [
      ...p,
      v,
    ])
    .option('--interval <seconds>', 'seconds between snapshots', parsePositiveInt, 1)
    .option('--nodiff', 'print every snapshot, not only those that changed (without a terminal)')
    .option('--count <n>', 'stop after this many snapshots', parsePositiveInt)
    .addHelpText('after', HELP)
    .action((jobs: string[], _o: WatchOpts, cmd: Command) => run(watch, { jobs }, cmd))
}

export async function watch(ctx: Ctx, args: { jobs: string[] }, opts: WatchOpts): Promise<number> {
  const jobList = (await ctx.client.list('Job')).items
  const names = new Set(args.jobs.map((ref) => resolveJobRef(ref, jobList).metadata.name))
  const wanted = (t: Task) =>
    names.has(t.spec.job) && (!opts.host || opts.host.some((prefix) => t.spec.host.startsWith(prefix)))
  let previous: string | undefined
  for (let n = 1; ; n++) {
    const tasks = (await ctx.client.list('Task')).items.filter(wanted)
    const now = ctx.clock.now()
    const lines = watchTable(tasks)
    const text = lines.join('\n')
    if (opts.json) {
      if (text !== previous || opts.nodiff) println(ctx.stdout, JSON.stringify(watchJson(tasks, now)))
    } else if (ctx.stdoutIsTTY) {
      ctx.stdout.write(`${CLEAR}${watchStamp(now)}\n${text}\n`)
    } else if (text !== previous || opts.nodiff) {
      println(ctx.stdout, `${watchStamp(now)}\n${text}\n`)
    }
    previous = text
    if (opts.count !== undefined && n >= opts.count) return 0
    await ctx.clock.sleep(opts.interval * 1000)
  }
}
