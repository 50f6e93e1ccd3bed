/**
 * @module After a sync: wait, within a bound, until the Deployments it changed finished their rollouts and their
 * Tasks reached their goal, and the Deployments it pruned have no Tasks left.
 */
import { type Deployment, isNotFound } from '../../apis/index.js'
import { ownTasks } from '../apply-wait.js'
import type { Ctx } from '../context.js'
import { progressSummary, rolloutVerdict } from '../rollout-progress.js'
import { POLL_MS } from '../rollout-wait.js'
import { taskLag } from '../task-progress.js'

export interface ConvergeTargets {
  /** Created or configured by the sync: their rollouts must be DONE and their Tasks at goal. */
  deployments: readonly string[]
  /** Pruned by the sync: their Tasks must be gone. */
  pruned: readonly string[]
}

export type Convergence =
  | { state: 'converged'; ms: number }
  | { state: 'failed'; ms: number; reason: string }
  | { state: 'timeout'; ms: number; reason: string }
  | { state: 'stopped'; ms: number }

type Verdict = { ok: true } | { ok: false; reason: string; final?: boolean }

/** Polls every second from `startedAt` (the sync's start) until converged, failed, `timeoutMs` passed or `signal` aborts. */
export async function awaitConvergence(
  ctx: Ctx,
  targets: ConvergeTargets,
  opts: { startedAt: number; timeoutMs: number; signal: AbortSignal },
): Promise<Convergence> {
  const elapsed = () => ctx.clock.now() - opts.startedAt
  for (;;) {
    const verdicts = await Promise.all([
      ...targets.deployments.map((name) => judge(() => deploymentVerdict(ctx, name))),
      ...targets.pruned.map((name) => judge(() => prunedVerdict(ctx, name))),
    ])
    const open = verdicts.filter((v) => !v.ok)
    if (open.length === 0) return { state: 'converged', ms: elapsed() }
    if (open.every((v) => v.final)) return { state: 'failed', ms: elapsed(), reason: reasons(open) }
    if (opts.signal.aborted) return { state: 'stopped', ms: elapsed() }
    const left = opts.timeoutMs - elapsed()
    if (left <= 0) return { state: 'timeout', ms: elapsed(), reason: reasons(open) }
    await ctx.clock.sleep(Math.min(POLL_MS, left), opts.signal)
  }
}

const reasons = (open: Verdict[]): string => open.map((v) => (v.ok ? '' : v.reason)).join(', ')

// An apiserver that stopped answering mid-wait is a reason to keep waiting, not a verdict.
async function judge(verdict: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await verdict()
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) }
  }
}

async function deploymentVerdict(ctx: Ctx, name: string): Promise<Verdict> {
  let deployment: Deployment
  try {
    deployment = await ctx.client.get('Deployment', name)
  } catch (err) {
    // Deleted meanwhile by someone else: nothing of it left to converge.
    if (isNotFound(err)) return { ok: true }
    throw err
  }
  const verdict = rolloutVerdict(deployment)
  const ref = `deployment/${name}`
  if (verdict.phase === 'failed') return { ok: false, reason: `${ref}: ${verdict.error}`, final: true }
  if (verdict.phase === 'waiting') {
    const message = deployment.status?.rollout?.message
    return { ok: false, reason: `${ref} ${progressSummary(deployment)}${message ? ` (${message})` : ''}` }
  }
  const lagging = (await ownTasks(ctx, name)).map(taskLag).find((lag) => lag !== undefined)
  return lagging ? { ok: false, reason: lagging } : { ok: true }
}

async function prunedVerdict(ctx: Ctx, name: string): Promise<Verdict> {
  const [left] = await ownTasks(ctx, name)
  return left ? { ok: false, reason: `task ${left.metadata.name} still present` } : { ok: true }
}
