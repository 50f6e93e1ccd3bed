/** @module `heliosctl history JOB [--host HOST]`: a job's task state changes on every host, oldest first (Helios' history). */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { resolveJobRef } from '../job-ref.js'
import { historyJson, historyTable } from '../print/history-table.js'
import { toSortedJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Agents keep the last 30 state changes per job and host (queued on the host while the apiserver is
away); removing the job removes its history. Times are UTC.

Examples:
  heliosctl history nginx:v1
  heliosctl history nginx --host web1 --json`

export interface HistoryOpts extends GlobalOpts {
  host?: string
}

export function defineHistory(program: Command, run: Run): void {
  program
    .command('history')
    .description('show the task history of a job')
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .option('--host <host>', 'only this host')
    .addHelpText('after', HELP)
    .action((job: string, _opts: HistoryOpts, cmd: Command) => run(history, { job }, cmd))
}

export async function history(ctx: Ctx, args: { job: string }, opts: HistoryOpts): Promise<number> {
  const job = resolveJobRef(args.job, (await ctx.client.list('Job')).items)
  const host = opts.host ? `,task.host=${opts.host}` : ''
  const { items } = await ctx.client.list('Event', { fieldSelector: `task.job=${job.metadata.name}${host}` })
  if (opts.json) ctx.stdout.write(toSortedJson(historyJson(items, job)))
  else for (const line of historyTable(items)) println(ctx.stdout, line)
  return 0
}
