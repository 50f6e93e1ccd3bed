/** @module `heliosctl rollout history DEPLOYMENT [--revision N]`: the Jobs a Deployment ran, newest last (kubectl's rollout history). */
import type { Command } from 'commander'
import { ApiError, type Deployment } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deploymentName } from '../deployment-ref.js'
import { parsePositiveInt } from '../duration-flag.js'
import { toJson } from '../print/output.js'
import { revisionDetail, revisionTable } from '../print/rollout-history-table.js'
import { getOne } from './get.js'
import type { GlobalOpts, Run } from './run.js'

export interface RolloutHistoryOpts extends GlobalOpts {
  revision?: number
}

export function defineRolloutHistory(rollout: Command, run: Run): void {
  rollout
    .command('history')
    .description('list the revisions of a deployment, or show one')
    .argument('<deployment>', 'deployment/NAME or NAME')
    .option('--revision <n>', 'show this revision in detail', parsePositiveInt)
    .action((ref: string, _opts: RolloutHistoryOpts, cmd: Command) => run(rolloutHistory, { ref }, cmd))
}

export async function rolloutHistory(ctx: Ctx, args: { ref: string }, opts: RolloutHistoryOpts): Promise<number> {
  const name = deploymentName(args.ref)
  const d = (await getOne(ctx, 'Deployment', name)) as Deployment
  const revisions = d.status?.revisions ?? []
  if (opts.revision !== undefined) {
    const wanted = revisions.find((r) => r.revision === opts.revision)
    if (!wanted)
      throw new ApiError('NotFound', `revision ${opts.revision} not found in the history of deployment "${name}"`)
    if (opts.json) ctx.stdout.write(toJson(wanted))
    else for (const line of revisionDetail(name, wanted, wanted === revisions.at(-1))) println(ctx.stdout, line)
    return 0
  }
  if (opts.json) ctx.stdout.write(toJson(revisions))
  else if (revisions.length === 0) println(ctx.stderr, `No rollout history found for deployment "${name}".`)
  else for (const line of revisionTable(revisions)) println(ctx.stdout, line)
  return 0
}
