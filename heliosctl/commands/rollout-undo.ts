/** @module `heliosctl rollout undo DEPLOYMENT [--to-revision N]`: sets spec.job back to an earlier revision's Job (kubectl's rollout undo). */
import type { Command } from 'commander'
import { ApiError, type Deployment, type Revision, ROLLOUT_ANNOTATION } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deploymentName } from '../deployment-ref.js'
import { parsePositiveInt } from '../duration-flag.js'
import { editObject } from '../object-edit.js'
import type { GlobalOpts, Run } from './run.js'

export interface RolloutUndoOpts extends GlobalOpts {
  toRevision?: number
  token?: string
}

export function defineRolloutUndo(rollout: Command, run: Run): void {
  rollout
    .command('undo')
    .description('roll back to the previous revision (or --to-revision N)')
    .argument('<deployment>', 'deployment/NAME or NAME')
    .option('--to-revision <n>', 'the revision to go back to (default: the one before the newest)', parsePositiveInt)
    .option('--token <token>', "the job's token, if it has one")
    .action((ref: string, _opts: RolloutUndoOpts, cmd: Command) => run(rolloutUndo, { ref }, cmd))
}

export async function rolloutUndo(ctx: Ctx, args: { ref: string }, opts: RolloutUndoOpts): Promise<number> {
  const name = deploymentName(args.ref)
  const { changed, target } = await undoDeployment(ctx, name, opts)
  const { revision, job } = target
  if (!changed) println(ctx.stdout, `deployment "${name}" skipped rollback (already runs revision ${revision}, ${job})`)
  else println(ctx.stdout, `deployment "${name}" rolled back to revision ${revision} (${job})`)
  return 0
}

/** Sets spec.job of Deployment `name` to revision `toRevision`'s Job (default: the previous one); prints nothing. */
export async function undoDeployment(
  ctx: Ctx,
  name: string,
  opts: { toRevision?: number; token?: string } = {},
): Promise<{ changed: boolean; target: Revision }> {
  let target: Revision | undefined
  const edit = await editObject(
    ctx,
    'Deployment',
    name,
    (d) => {
      target = undoTarget(d, opts.toRevision)
      if (d.spec.job === target.job) return undefined
      const cause = `rollback to revision ${target.revision} (job ${target.job})`
      d.metadata.annotations[ROLLOUT_ANNOTATION.changeCause] = cause
      return { ...d, spec: { ...d.spec, job: target.job } }
    },
    { jobToken: opts.token },
  )
  return { changed: edit.changed, target: target as Revision }
}

/** Revision `to`, else the one before the newest (the newest is what runs, or is being rolled out). */
function undoTarget(d: Deployment, to: number | undefined): Revision {
  const revisions = [...(d.status?.revisions ?? [])].sort((a, b) => a.revision - b.revision)
  const name = d.metadata.name
  if (to !== undefined) {
    const found = revisions.find((r) => r.revision === to)
    if (!found) throw new ApiError('NotFound', `revision ${to} not found in the history of deployment "${name}"`)
    return found
  }
  const previous = revisions.at(-2)
  if (!previous) throw new ApiError('NotFound', `deployment "${name}" has no previous revision to roll back to`)
  return previous
}
