/** @module `heliosctl jobs [PATTERN]`: Helios' job list (pattern = substring of the full id). */
import type { Command } from 'commander'
import { ApiError } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { fullId } from '../job-ref.js'
import { jobJson } from '../print/helios-job-json.js'
import { hostCount, jobsTable } from '../print/jobs-table.js'
import { toJson, toSortedJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export interface JobsOpts extends GlobalOpts {
  quiet?: boolean
  deployed?: boolean
  full?: boolean
}

export function defineJobs(program: Command, run: Run): void {
  program
    .command('jobs')
    .description('list jobs (PATTERN matches any part of the job id)')
    .argument('[pattern]', 'substring of name:version:hash')
    .option('-q, --quiet', 'print only full job ids')
    .option('-y, --deployed', 'only jobs deployed on at least one host')
    .option('-f, --full', 'print full job ids')
    .action((pattern: string | undefined, _opts: JobsOpts, cmd: Command) => run(jobs, { pattern }, cmd))
}

export async function jobs(ctx: Ctx, args: { pattern?: string }, opts: JobsOpts): Promise<number> {
  const [jobList, taskList] = await Promise.all([ctx.client.list('Job'), ctx.client.list('Task')])
  const { pattern } = args
  let matched = jobList.items
    .filter((job) => pattern === undefined || fullId(job).includes(pattern))
    .sort((a, b) => fullId(a).localeCompare(fullId(b)))
  if (pattern !== undefined && matched.length === 0) {
    // Helios printed an empty map for --json and exited 1 all the same.
    if (!opts.json) throw new ApiError('NotFound', `job pattern ${pattern} matched no jobs`)
    ctx.stdout.write(toJson({}))
    return 1
  }
  if (opts.deployed) matched = matched.filter((job) => hostCount(job, taskList.items) > 0)
  const ids = matched.map(fullId)
  if (opts.json) {
    ctx.stdout.write(
      toSortedJson(opts.quiet ? ids : Object.fromEntries(matched.map((job) => [fullId(job), jobJson(job)]))),
    )
  } else if (opts.quiet) {
    for (const id of ids) println(ctx.stdout, id)
  } else {
    for (const line of jobsTable(matched, taskList.items, opts)) println(ctx.stdout, line)
  }
  return 0
}
