/** @module One sync of a watched folder: read it, plan, write, wait for convergence, and say what happened. */
import type { Ctx } from '../context.js'
import type { SyncReport } from '../print/sync-line.js'
import { awaitConvergence, type ConvergeTargets } from './converge.js'
import { readFolder } from './folder-read.js'
import { type LastGood, planSync } from './sync-plan.js'
import { isUnreachable, type SyncWrites, writeSync } from './sync-writes.js'

export interface SyncOptions {
  dir: string
  prune: boolean
  set?: string
  /** How long a sync waits for what it changed to converge before saying `not converged`. */
  convergeTimeoutMs: number
}

/** What a sync carries to the next one. */
export interface SyncMemory {
  n: number
  lastGood: LastGood
  /** Some sync reached the apiserver: until then every read counts as the first (nothing of it was applied). */
  applied: boolean
}

export interface SyncResult {
  report: SyncReport
  memory: SyncMemory
}

/**
 * Syncs the folder once. Throws only on bugs: an unreadable folder or a refused object is part of the report; an
 * unreachable apiserver ends the sync early (report.unreachable) for the caller to retry; nothing is pruned then.
 */
export async function syncFolder(
  ctx: Ctx,
  opts: SyncOptions,
  before: SyncMemory,
  signal: AbortSignal,
): Promise<SyncResult> {
  const n = before.n + 1
  const startedAt = ctx.clock.now()
  const empty: SyncReport = { n, changes: [], timeoutMs: opts.convergeTimeoutMs, broken: [], errors: [], warnings: [] }
  let reads: Awaited<ReturnType<typeof readFolder>>
  try {
    reads = await readFolder(opts.dir)
  } catch (err) {
    // Without a listing nothing is known about the folder: applying or pruning now could only do harm.
    const why = err instanceof Error ? err.message : String(err)
    return { report: { ...empty, errors: [`cannot read ${opts.dir}: ${why}`] }, memory: { ...before, n } }
  }
  const plan = planSync(reads, before.lastGood, !before.applied)
  const memory = { n, lastGood: plan.lastGood, applied: before.applied }
  let writes: SyncWrites
  try {
    writes = await writeSync(ctx, plan, { set: opts.set, prune: opts.prune })
  } catch (err) {
    if (!isUnreachable(err)) throw err
    return { report: { ...empty, unreachable: err.message }, memory }
  }
  memory.applied = true
  const report: SyncReport = { ...empty, ...writes, broken: plan.broken }
  if (plan.emptyAtStart && opts.prune)
    report.warnings = [`no manifests in ${opts.dir}: nothing is pruned until one appears`, ...writes.warnings]
  if (writes.changes.length === 0) return { report, memory }
  const convergence = await awaitConvergence(ctx, targetsOf(writes), {
    startedAt,
    timeoutMs: opts.convergeTimeoutMs,
    signal,
  })
  return { report: { ...report, convergence }, memory }
}

function targetsOf(writes: SyncWrites): ConvergeTargets {
  const deployments = writes.changes.filter((c) => c.kind === 'Deployment')
  return {
    deployments: deployments.filter((c) => c.outcome !== 'pruned').map((c) => c.name),
    pruned: deployments.filter((c) => c.outcome === 'pruned').map((c) => c.name),
  }
}
