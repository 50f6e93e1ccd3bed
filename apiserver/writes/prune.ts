/** @module Prune of an apply set: delete what carries the set's label but is no longer in the set, Deployments first. */
import {
  type AnyObject,
  APPLY_SET_LABEL,
  ApiError,
  type Deployment,
  isApiError,
  isNotFound,
  type Job,
  type Kind,
} from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { checkJobToken } from '../rules/job-token.js'
import type { WriteRequest } from './create.js'
import { deleteObject } from './delete.js'

export interface PruneRef {
  kind: Kind
  name: string
}
export interface PruneResult {
  deleted: PruneRef[]
  skipped: Array<PruneRef & { reason: string }>
}
export interface PruneRequest extends WriteRequest {
  /** Refuses (throws 403) when the user may not delete `kind/name`; the route's role check. */
  mayDelete?: (kind: Kind, name: string) => void
}

const PRUNED_KINDS = ['Deployment', 'Job', 'Host'] as const

/**
 * Deletes every Deployment, Job and Host labelled `helios/apply-set=<id>` that `keep` does not name.
 * Every token and role is checked before anything is deleted (a refusal fails the whole prune, 403).
 * A Job still used by a Deployment that stays is skipped with the 409 reason. With dryRun nothing is deleted.
 */
export async function pruneSet(
  ctx: WriteContext,
  id: string,
  keep: readonly PruneRef[],
  req: PruneRequest = {},
): Promise<PruneResult> {
  const kept = new Set(keep.map((k) => `${k.kind}/${k.name}`))
  const inSet = async (kind: Kind) => {
    const { items } = await ctx.store.list(kind)
    return items as AnyObject[]
  }
  const [deployments, jobs, hosts] = await Promise.all(PRUNED_KINDS.map(inSet))
  const doomed = (objs: AnyObject[] | undefined) =>
    (objs ?? []).filter((o) => o.metadata.labels?.[APPLY_SET_LABEL] === id && !kept.has(`${o.kind}/${o.metadata.name}`))
  const goneDeployments = doomed(deployments) as Deployment[]
  const goneNames = new Set(goneDeployments.map((d) => d.metadata.name))
  const result: PruneResult = { deleted: [], skipped: [] }

  // Plan and check everything first, so a refusal deletes nothing.
  const plan: Array<{ kind: Kind; name: string; token?: string }> = []
  for (const d of goneDeployments) {
    const token = req.token ?? (d.spec.rollout.token || undefined)
    const job = (jobs ?? []).find((j) => j.metadata.name === d.spec.job) as Job | undefined
    if (job) checkJobToken(job, token)
    plan.push({ kind: 'Deployment', name: d.metadata.name, token: req.token })
  }
  for (const job of doomed(jobs) as Job[]) {
    const name = job.metadata.name
    const users = ((deployments ?? []) as Deployment[]).filter((d) => d.spec.job === name)
    const staying = users.filter((d) => !goneNames.has(d.metadata.name)).map((d) => d.metadata.name)
    if (staying.length > 0) {
      const reason = `job "${name}" is still used by deployments: ${staying.join(', ')}`
      result.skipped.push({ kind: 'Job', name, reason })
      continue
    }
    // A pruned Deployment's own rollout.token counts for its Job, as it does for the Deployment.
    const token = req.token ?? users.map((d) => d.spec.rollout.token).find((t) => t && t === job.spec.token)
    checkJobToken(job, token)
    plan.push({ kind: 'Job', name, token })
  }
  for (const h of doomed(hosts)) plan.push({ kind: 'Host', name: h.metadata.name })
  for (const { kind, name } of plan) req.mayDelete?.(kind, name)

  for (const { kind, name, token } of plan) {
    if (req.dryRun) {
      result.deleted.push({ kind, name })
      continue
    }
    try {
      await deleteObject(ctx, kind, name, undefined, { token, client: req.client, audit: req.audit })
      result.deleted.push({ kind, name })
    } catch (err) {
      if (isNotFound(err)) continue // someone else deleted it first: the goal anyway
      if (isApiError(err, 'Conflict')) {
        result.skipped.push({ kind, name, reason: (err as ApiError).message })
        continue
      }
      throw err
    }
  }
  return result
}

/** Parses the prune body `{keep: [{kind, name}, …]}` (400 on anything else). */
export function parseKeep(body: unknown): PruneRef[] {
  const keep = (body as { keep?: unknown } | undefined)?.keep
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(keep)) {
    throw new ApiError('BadRequest', 'request body must be {"keep": [{"kind": "...", "name": "..."}, ...]}')
  }
  return keep.map((ref, i) => {
    const { kind, name } = (ref ?? {}) as { kind?: unknown; name?: unknown }
    if (typeof kind !== 'string' || typeof name !== 'string') {
      throw new ApiError('BadRequest', `keep[${i}] must be {"kind": "...", "name": "..."}`)
    }
    return { kind: kind as Kind, name }
  })
}
