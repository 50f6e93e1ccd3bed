/** @module `heliosctl status [--job JOB] [--host HOST]`: where each job runs and in what state (Helios' status). */
import type { Command } from 'commander'
import { ApiError, type Job, type Task } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { fullId } from '../job-ref.js'
import { heliosJobStatuses } from '../print/helios-task-json.js'
import { toJson, toSortedJson } from '../print/output.js'
import { statusTable } from '../print/status-table.js'
import type { GlobalOpts, Run } from './run.js'

export interface StatusOpts extends GlobalOpts {
  job?: string
  host?: string
  full?: boolean
}

const HELP = `
--json prints Helios' map of job id to JobStatus (job, deployments and taskStatuses keyed by host); without
--host it holds every matching job, deployed or not. As in Helios, --host matching no deployed job exits 1
(with --json: {} and exit 0), and --job matching no job exits 1 ({} with --json).`

export function defineStatus(program: Command, run: Run): void {
  program
    .command('status')
    .description('show the tasks of jobs on hosts: goal, state, container and ports')
    .option('-j, --job <job>', 'only jobs whose id contains this')
    .option('--host <host>', 'only hosts whose name contains this')
    .option('-f, --full', 'print full job ids')
    .addHelpText('after', HELP)
    .action((_opts: StatusOpts, cmd: Command) => run(status, {}, cmd))
}

export async function status(ctx: Ctx, _args: object, opts: StatusOpts): Promise<number> {
  const [taskList, jobList] = await Promise.all([ctx.client.list('Task'), ctx.client.list('Job')])
  const pattern = opts.job
  const jobs = jobList.items.filter((job) => pattern === undefined || fullId(job).includes(pattern))
  if (pattern !== undefined && jobs.length === 0) {
    // Helios answered an empty map in JSON mode, still exiting 1.
    if (opts.json) ctx.stdout.write(toJson({}))
    else throw new ApiError('NotFound', `job id matcher "${pattern}" matched no jobs`)
    return 1
  }
  const ids = new Set(jobs.map(fullId))
  const tasks = taskList.items
    .filter((t) => pattern === undefined || ids.has(t.spec.jobId))
    .filter((t) => !opts.host || t.spec.host.includes(opts.host))
  if (opts.json) return printJson(ctx, opts, jobs, tasks)
  if (opts.host && tasks.length === 0) {
    throw new ApiError('NotFound', `There are no jobs deployed to hosts with the host pattern '${opts.host}'`)
  }
  for (const line of statusTable(tasks, opts)) println(ctx.stdout, line)
  return 0
}

/** Helios' JobStatus map; with --host, only the jobs deployed on a matching host, cut to those hosts (exit 0). */
async function printJson(ctx: Ctx, opts: StatusOpts, jobs: Job[], tasks: Task[]): Promise<number> {
  const deployments = (await ctx.client.list('Deployment')).items
  const shown = opts.host ? jobs.filter((job) => tasks.some((t) => t.spec.jobId === fullId(job))) : jobs
  ctx.stdout.write(toSortedJson(heliosJobStatuses(shown, tasks, { jobs, deployments })))
  return 0
}
