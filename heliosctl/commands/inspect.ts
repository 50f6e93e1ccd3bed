/** @module `heliosctl inspect JOB`: Helios' job configuration listing, or its job JSON. */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { lookupJob } from '../job-lookup.js'
import { printJobRefFailure } from '../job-ref-json.js'
import { inspectJson, inspectLines } from '../print/job-inspect.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
--json prints Helios' job JSON: the full id, the creation time (epoch ms) and every spec field; it is
the format create -f reads, so a job can be copied: heliosctl inspect web:v1 --json > job.json.

Examples:
  heliosctl inspect nginx:v1
  heliosctl inspect nginx --json   # JOB may be any unique prefix of name:version:hash`

export function defineInspect(program: Command, run: Run): void {
  program
    .command('inspect')
    .description("print a job's configuration")
    .argument('<job>', 'job reference: name:version, full id or unique prefix')
    .addHelpText('after', HELP)
    .action((job: string, _opts: GlobalOpts, cmd: Command) => run(inspect, { job }, cmd))
}

export async function inspect(ctx: Ctx, args: { job: string }, opts: GlobalOpts): Promise<number> {
  const job = await lookupJob(ctx.client, args.job).catch((err: unknown) => {
    if (opts.json && printJobRefFailure(ctx, err)) return undefined
    throw err
  })
  if (!job) return 1
  if (opts.json) ctx.stdout.write(toJson(inspectJson(job)))
  else for (const line of inspectLines(job)) println(ctx.stdout, line)
  return 0
}
