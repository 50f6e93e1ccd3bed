/** @module `heliosctl remove JOB`: deletes a Job (the apiserver refuses while a Deployment uses it). */
import type { Command } from 'commander'
import { isApiError } from '../../apis/index.js'
import { type Ctx, confirm, println } from '../context.js'
import { lookupJob } from '../job-lookup.js'
import { fullId } from '../job-ref.js'
import { toJson } from '../print/output.js'
import { inert } from '../print/terminal-text.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Asks for confirmation only when stdin is a terminal and --yes is absent.`

export interface RemoveOpts extends GlobalOpts {
  yes?: boolean
  token?: string
}

export function defineRemove(program: Command, run: Run): void {
  program
    .command('remove')
    .description('remove a job')
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .option('--yes', 'do not ask for confirmation')
    .option('--token <token>', "the job's token, if it has one")
    .addHelpText('after', HELP)
    .action((job: string, _opts: RemoveOpts, cmd: Command) => run(remove, { job }, cmd))
}

export async function remove(ctx: Ctx, args: { job: string }, opts: RemoveOpts): Promise<number> {
  const job = await lookupJob(ctx.client, args.job)
  const id = fullId(job)
  if (ctx.isTTY && !opts.yes && !(await confirm(ctx, `This will remove the job ${id}`))) {
    println(ctx.stderr, 'Aborted.')
    return 1
  }
  if (!opts.json) println(ctx.stdout, `Removing job ${id}`)
  const status = await ctx.client.delete('Job', job.metadata.name, { jobToken: opts.token }).then(
    () => 'OK',
    (err: unknown) => {
      // A wrong or missing job token: Helios' JobDeleteResponse FORBIDDEN, the reason on stderr.
      if (!isApiError(err, 'Forbidden')) throw err
      println(ctx.stderr, inert(`${id}: FORBIDDEN: ${err.message}`))
      return 'FORBIDDEN'
    },
  )
  if (opts.json) ctx.stdout.write(toJson(status === 'OK' ? { status, id } : { status }))
  else println(ctx.stdout, status === 'OK' ? `${id}: done` : `${id}: failed: JobDeleteResponse{status=${status}}`)
  return status === 'OK' ? 0 : 1
}
