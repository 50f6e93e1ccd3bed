/** @module `heliosctl status [--job JOB] [--host HOST]`: where each job runs and in what state (Helios' status). */
import type { Command } from 'commander'
import { ApiError, type Task } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { fullId } from '../job-ref.js'
import { toJson } from '../print/output.js'
import { statusTable } from '../print/status-table.js'
import type { GlobalOpts, Run } from './run.js'

export interface StatusOpts extends GlobalOpts {
  job?: string
  host?: string
  full?: boolean
}

export function defineStatus(program: Command, run: Run): void {
  program
    .command('status')
    .description('show the tasks of jobs on hosts: goal, state, container and ports')
    .option('-j, --job <job>', 'only jobs whose id contains this')
    .option('--host <host>', 'only hosts whose name contains this')
    .option('-f, --full', 'print full job ids')
    .action((_opts: StatusOpts, cmd: Command) => run(status, {}, cmd))
}

export async function status(ctx: Ctx, _args: object, opts: StatusOpts): Promise<number> {
  const { items } = await ctx.client.list('Task')
  let tasks = items.filter((t) => !opts.host || t.spec.host.includes(opts.host))
  if (opts.job) {
    const pattern = opts.job
    const jobs = (await ctx.client.list('Job')).items.map(fullId).filter((id) => id.includes(pattern))
    if (jobs.length === 0) {
      // Helios answered an empty map in JSON mode, still exiting 1.
      if (opts.json) ctx.stdout.write(toJson({}))
      else throw new ApiError('NotFound', `job id matcher "${pattern}" matched no jobs`)
      return 1
    }
    tasks = tasks.filter((t) => jobs.includes(t.spec.jobId))
  }
  if (opts.json) ctx.stdout.write(toJson(statusJson(tasks)))
  else for (const line of statusTable(tasks, opts)) println(ctx.stdout, line)
  return 0
}

/** Helios' JobStatus map: job id → {deployments by host, taskStatuses by host}. */
function statusJson(tasks: readonly Task[]): Record<string, unknown> {
  const byJob: Record<string, { deployments: Record<string, unknown>; taskStatuses: Record<string, unknown> }> = {}
  for (const t of [...tasks].sort((a, b) => a.spec.jobId.localeCompare(b.spec.jobId))) {
    const entry = byJob[t.spec.jobId] ?? { deployments: {}, taskStatuses: {} }
    byJob[t.spec.jobId] = entry
    entry.deployments[t.spec.host] = { jobId: t.spec.jobId, goal: t.spec.goal, deployment: t.spec.deployment }
    entry.taskStatuses[t.spec.host] = t.status ?? null
  }
  return byJob
}
