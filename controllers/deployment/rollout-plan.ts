/** @module The pure rollout planner: a Deployment, its hosts and Tasks, and the time → desired Tasks and status. */
import { chooseCanaries } from './canary.js'
import { effectiveJobName } from './effective-job.js'
import {
  note,
  type PlanContext,
  planContext,
  type RolloutPlan,
  type RolloutPlanInput,
  resolveOptions,
  resolveTarget,
} from './plan-context.js'
import { type Annotated, applyRolloutAnnotations } from './rollout-annotations.js'
import { newRolloutReason, startRollout } from './rollout-record.js'
import { abort, advance } from './rollout-steps.js'
import { isCurrent } from './task-progress.js'

export type { RolloutPlan, RolloutPlanInput } from './plan-context.js'

/** Plans one reconcile of a Deployment's rollout; every bit of state lives in its status and Tasks. */
export function planRollout(input: RolloutPlanInput): RolloutPlan {
  const { deployment } = input
  const ctx = planContext(input)
  const annotated = applyRolloutAnnotations(deployment, deployment.status?.rollout, ctx.nowIso)
  noteSteer(ctx, annotated)
  const revisions = deployment.status?.revisions ?? []
  const plan = (p: RolloutPlan): RolloutPlan => ({
    ...p,
    ...(deployment.spec.paused ? { message: 'paused' } : {}),
    ...(ctx.events.length > 0 ? { events: ctx.events } : {}),
  })
  if (annotated.steer === 'abort' && annotated.rollout && annotated.rollout.state !== 'FAILED')
    return plan(abort(ctx, annotated.rollout, revisions))
  const retry = annotated.steer === 'retry'
  const targetJob = retry ? deployment.spec.job : effectiveJobName(deployment, annotated.rollout)
  // A deployment group created without a Job places nothing until a rolling-update names one.
  if (targetJob === undefined) return { rollout: annotated.rollout, revisions, message: 'no job yet' }
  const target = resolveTarget(input, targetJob)
  if (!target) return { rollout: annotated.rollout, revisions, message: `job "${targetJob}" not found` }
  const needsWork = ctx.hosts.some((h) => !h.main || !isCurrent(h.main.spec, target))
  const reason = retry ? 'RETRY' : newRolloutReason(deployment, annotated.rollout, targetJob, needsWork)
  if (!reason && annotated.rollout) return plan(advance(ctx, annotated.rollout, revisions, target))
  const count = resolveOptions(deployment, target).canary
  const started = startRollout({
    deployment,
    previous: annotated.rollout,
    revisions,
    reason: reason ?? 'CREATED',
    target,
    nowIso: ctx.nowIso,
    canary: chooseCanaries({ deployment, reason: reason ?? 'CREATED', hosts: ctx.hosts, target, count }),
  })
  const { job, revision, canary } = started.rollout
  const canaries = canary ? `; canary ${canary.hosts.join(', ')} first` : ''
  note(
    ctx,
    'Normal',
    'RolloutStarted',
    `rolling out ${job} (revision ${revision}, ${started.rollout.reason})${canaries}`,
  )
  return plan(advance(ctx, started.rollout, started.revisions, target))
}

function noteSteer(ctx: PlanContext, annotated: Annotated): void {
  const r = annotated.rollout
  if (!r || !annotated.steer || annotated.steer === 'retry') return
  if (annotated.steer === 'stop') note(ctx, 'Warning', 'RolloutStopped', `rollout of ${r.job} stopped by user`)
  if (annotated.steer === 'promote')
    note(ctx, 'Normal', 'CanaryPromoted', `canary ${r.canary?.hosts.join(', ')} promoted by user`)
  if (annotated.steer === 'abort') note(ctx, 'Warning', 'RolloutAborted', `rollout of ${r.job} aborted by user`)
}
