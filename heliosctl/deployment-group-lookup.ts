/** @module Reads one deployment group (a Deployment with a hostSelector) and its Job's full id for the group verbs. */
import { ApiError, type Deployment, isNotFound, type RolloutOptions, resolveRolloutOptions } from '../apis/index.js'
import type { Ctx } from './context.js'
import { isGroup } from './deployment-group.js'
import { fullId } from './job-ref.js'
import { toJson } from './print/output.js'

/**
 * The group `name`, or undefined after printing Helios' `{"status":"DEPLOYMENT_GROUP_NOT_FOUND"}` (--json);
 * without --json a missing group, or a Deployment without a hostSelector, throws `Unknown deployment group: X`.
 */
export async function getGroup(ctx: Ctx, name: string, json: boolean | undefined): Promise<Deployment | undefined> {
  const found = await ctx.client.get('Deployment', name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (found && isGroup(found)) return found
  if (json) {
    ctx.stdout.write(toJson({ status: 'DEPLOYMENT_GROUP_NOT_FOUND' }))
    return undefined
  }
  const why = found ? ` (deployment ${name} selects no hosts by label; see heliosctl status)` : ''
  throw new ApiError('NotFound', `Unknown deployment group: ${name}${why}`)
}

/** The full id of the group's Job, or its name if the Job is gone; undefined before the first rolling-update. */
export async function groupJobId(ctx: Ctx, group: Deployment): Promise<string | undefined> {
  return (await groupJob(ctx, group)).id
}

/** The group's Job: its full id (its name if the Job is gone) and the rollout options in force for the group. */
export async function groupJob(ctx: Ctx, group: Deployment): Promise<{ id?: string; options: RolloutOptions }> {
  const name = group.spec.job
  const job =
    name === undefined
      ? undefined
      : await ctx.client.get('Job', name).catch((err: unknown) => {
          if (isNotFound(err)) return undefined
          throw err
        })
  const { rolloutOverrides: overrides, rollout: declared } = group.spec
  const options = resolveRolloutOptions({ overrides, job: job?.spec.rolloutOptions, declared })
  return { ...(name === undefined ? {} : { id: job ? fullId(job) : name }), options }
}
