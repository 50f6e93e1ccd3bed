/** @module One sync's writes: apply every good object (level-triggered: unchanged ones are no-ops), then prune the set. */
import { ApiError } from '../../apis/index.js'
import type { Ctx } from '../context.js'
import { kindName, objectRef } from '../print/object-ref.js'
import type { SyncPlan } from './sync-plan.js'

/** `deployment/web created`: one object the sync changed. */
export interface Change {
  kind: string
  name: string
  outcome: 'created' | 'configured' | 'pruned'
}

export interface SyncWrites {
  changes: Change[]
  /** One line each: objects the apiserver refused, Jobs the prune left because something still uses them. */
  errors: string[]
  warnings: string[]
}

export interface SyncWriteOptions {
  /** The apply set every object is labelled with (needed to prune). */
  set?: string
  prune: boolean
}

/**
 * Applies `plan.apply` in order, going on past objects the apiserver refuses (each is reported; the rest of
 * the folder still syncs), then prunes when allowed. An unreachable apiserver is thrown: the whole sync failed.
 */
export async function writeSync(ctx: Ctx, plan: SyncPlan, opts: SyncWriteOptions): Promise<SyncWrites> {
  const out: SyncWrites = { changes: [], errors: [], warnings: [] }
  for (const { object, source } of plan.apply) {
    try {
      const { outcome } = await ctx.client.apply(object, { set: opts.set })
      if (outcome !== 'unchanged') out.changes.push({ kind: object.kind, name: object.metadata.name, outcome })
    } catch (err) {
      if (isUnreachable(err)) throw err
      const ref = objectRef(object)
      out.errors.push(`${ref} (${source}): ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  if (!opts.prune || opts.set === undefined || !plan.mayPrune) return out
  try {
    const { deleted, skipped } = await ctx.client.prune(opts.set, plan.keep)
    for (const { kind, name } of deleted) out.changes.push({ kind, name, outcome: 'pruned' })
    for (const { kind, name, reason } of skipped) out.warnings.push(`${kindName(kind, name)} not pruned: ${reason}`)
  } catch (err) {
    if (isUnreachable(err)) throw err
    out.errors.push(`prune of set "${opts.set}": ${err instanceof Error ? err.message : String(err)}`)
  }
  return out
}

/** The apiserver did not answer (or answered 503): retry the whole sync later. */
export const isUnreachable = (err: unknown): err is ApiError => err instanceof ApiError && err.code === 'Unavailable'
