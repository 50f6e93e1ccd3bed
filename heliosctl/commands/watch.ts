/** @module `heliosctl watch JOB [HOST…]`: Helios' JobWatchCommand — the job's task states, again every interval until Ctrl-C. */
import type { Command } from 'commander'
import { ApiError, type Job } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { parsePositiveInt } from '../duration-flag.js'
import { fullId } from '../job-ref.js'
import { ownSequence } from '../print/terminal-text.js'
import { snapshotRule, WATCH_HEADER, watchJson, watchRowLine, watchRows } from '../print/watch-table.js'
import { collect, type GlobalOpts, type Run } from './run.js'

const HELP = `
JOB is an exact name:version or full id, else every job whose full id contains it (Helios' job query).
HOSTs are name prefixes (all hosts when none); with --exact, exact names, each shown (UNKNOWN where the job
has no task). Output is Helios': a header, then per snapshot a rule with the time and one row per task. On a
terminal the screen is redrawn every interval; otherwise a snapshot is printed only when its rows changed,
unless --nodiff asks for every one. --json prints one {"timestamp", "tasks"} line per snapshot.
Ends with Ctrl-C, or after --count snapshots.

Examples:
  heliosctl watch nginx:v1
  heliosctl watch nginx web db --interval 5 | tee watch.log
  heliosctl watch nginx:v1 web1.example.com web2.example.com --exact`

// Clear the screen and home the cursor: a redraw without a curses library.
const CLEAR = ownSequence('\x1b[2J\x1b[H')

export interface WatchOpts extends GlobalOpts {
  host?: string[]
  exact?: boolean
  interval: number
  nodiff?: boolean
  count?: number
}

export function defineWatch(program: Command, run: Run): void {
  program
    .command('watch')
    .description("watch the state of a job's tasks on its hosts")
    .argument('<job>', 'job reference: name:version, full id, or part of an id (every job containing it)')
    .argument('[hosts...]', 'host name prefixes to watch (all hosts when none); exact names with --exact')
    .option('--exact', 'HOSTs are exact names, each shown even where the job has no task')
    .option('--host <prefix>', 'also watch this host prefix (repeatable; before HOSTs were positional)', collect)
    .option('--interval <seconds>', 'seconds between snapshots', parsePositiveInt, 1)
    .option('--nodiff', 'print every snapshot, not only those that changed (without a terminal)')
    .option('--count <n>', 'stop after this many snapshots', parsePositiveInt)
    .addHelpText('after', HELP)
    .action((job: string, hosts: string[], _o: WatchOpts, cmd: Command) => run(watch, { job, hosts }, cmd))
}

/** An exact name or full id, else every Job whose full id contains `query`; none is `Unknown job`. */
export function watchedJobs(query: string, jobs: readonly Job[]): Job[] {
  const exact = jobs.find((job) => job.metadata.name === query || fullId(job) === query)
  const matched = exact ? [exact] : jobs.filter((job) => fullId(job).includes(query))
  if (matched.length === 0) throw new ApiError('NotFound', `Unknown job: ${query}`)
  return matched
}

export async function watch(ctx: Ctx, args: { job: string; hosts: string[] }, opts: WatchOpts): Promise<number> {
  const jobIds = watchedJobs(args.job, (await ctx.client.list('Job')).items).map(fullId)
  const hosts = [...args.hosts, ...(opts.host ?? [])]
  const plain = !opts.json && !ctx.stdoutIsTTY
  if (plain) for (const line of WATCH_HEADER) println(ctx.stdout, line)
  let previous: string | undefined
  for (let n = 1; ; n++) {
    const tasks = (await ctx.client.list('Task')).items
    const now = ctx.clock.now()
    const rows = watchRows(tasks, jobIds, hosts, opts.exact === true)
    const text = rows.map(watchRowLine).join('\n')
    const due = text !== previous || opts.nodiff === true
    if (opts.json) {
      if (due) println(ctx.stdout, JSON.stringify(watchJson(rows, now)))
    } else if (ctx.stdoutIsTTY) {
      ctx.stdout.write(`${CLEAR}${[...WATCH_HEADER, snapshotRule(now), ...(text ? [text] : [])].join('\n')}\n`)
    } else if (due) {
      println(ctx.stdout, [snapshotRule(now), ...(text ? [text] : [])].join('\n'))
    }
    previous = text
    if (opts.count !== undefined && n >= opts.count) return 0
    await ctx.clock.sleep(opts.interval * 1000)
  }
}
