/** @module A rollout's steps (pure): walk on, wait for a promotion, finish, fail, revert or abort. */
import { type HostFailure, isRevertReason, type Revision, type RolloutStatus } from '../../apis/index.js'
import { autoPromoteAt, awaitsPromotion, canariesSettled, pausedForPromotion, promoted } from './canary.js'
import { walkHosts } from './host-walk.js'
import {
  hold,
  note,
  type PlanContext,
  type RolloutPlan,
  requeue,
  resolveOptions,
  resolveTarget,
  stableJob,
} from './plan-context.js'
import { checkDeadline } from './progress-deadline.js'
import { lastGoodRevision, withOutcome } from './revisions.js'
import { failureText } from './rollout-events.js'
import { startRollout } from './rollout-record.js'
import { exitFailure, type RolloutTarget } from './task-progress.js'

/** One pass of a rollout that is under way (or waiting, or over: then only its lists follow the Tasks). */
export function advance(
  ctx: PlanContext,
  rollout: RolloutStatus,
  revisions: Revision[],
  target: RolloutTarget,
): RolloutPlan {
  const { deployment, now } = ctx.input
  if (rollout.state === 'PAUSED') return waitForPromotion(ctx, rollout, revisions, target)
  if (rollout.state !== 'ROLLING_OUT') return hold(ctx, rollout, revisions, target)
  const options = resolveOptions(deployment, target)
  const canary = awaitsPromotion(rollout) ? new Set(rollout.canary?.hosts) : undefined
  const freshJob = canary ? stableJob(ctx, revisions, rollout.job) : undefined
  const walk = walkHosts({ deployment, target, hosts: ctx.hosts, rollout, options, now, canary, freshJob })
  for (const f of walk.failures) note(ctx, 'Warning', 'HostFailed', failureText(f))
  const [failure] = walk.failures
  if (failure && !options.ignoreFailures)
    return fail(ctx, { ...rollout, failed: walk.failed }, revisions, failure, options.autoRevert)
  const lists = { done: walk.done, pending: walk.pending, failed: walk.failed, inProgress: walk.inProgress }
  const failures = walk.failures.map((f) => `${f.host}: ${f.reason}`)
  const message = failures.length > 0 ? failures.join('; ') : rollout.message
  const next: RolloutStatus = { ...rollout, ...lists, ...(message ? { message } : {}) }
  if (canary && canariesSettled(next, ctx.input.hosts)) {
    const paused = pausedForPromotion(next, deployment.metadata.name, options, ctx.nowIso)
    note(ctx, 'Normal', 'CanaryWaiting', paused.message ?? '')
    return waitForPromotion(ctx, paused, revisions, target)
  }
  if (walk.pending.length === 0 && Object.keys(walk.inProgress).length === 0)
    return { desired: walk.desired, ...complete(ctx, next, revisions) }
  const deadline = checkDeadline({
    rollout: next,
    hosts: ctx.hosts,
    deadlineSeconds: options.progressDeadlineSeconds,
    paused: deployment.spec.paused,
    now,
  })
  if (deadline.failure) {
    note(ctx, 'Warning', 'ProgressDeadlineExceeded', failureText(deadline.failure))
    return fail(ctx, next, revisions, deadline.failure, options.autoRevert)
  }
  const waits = [walk.requeueAfterMs, deadline.deadlineAt === undefined ? undefined : deadline.deadlineAt - now]
  return { desired: walk.desired, rollout: next, revisions, ...requeue(waits) }
}

/**
 * PAUSED: the canaries are healthy and the other hosts wait. A canary that exits, restarts or flaps meanwhile
 * fails the rollout (autoRevert applies), as during its step; canaryPromoteAfterSeconds promotes it by itself.
 */
function waitForPromotion(ctx: PlanContext, rollout: RolloutStatus, revisions: Revision[], target: RolloutTarget) {
  const { deployment, now } = ctx.input
  const options = resolveOptions(deployment, target)
  const since = Date.parse(rollout.canary?.healthyAt ?? rollout.startedAt)
  for (const { host, main } of ctx.hosts) {
    const failure = rollout.canary?.hosts.includes(host) ? exitFailure(main, target, since) : undefined
    if (!failure) continue
    const hostFailure = { host, ...failure }
    note(ctx, 'Warning', 'HostFailed', failureText(hostFailure))
    return fail(ctx, { ...rollout, failed: [...rollout.failed, host] }, revisions, hostFailure, options.autoRevert)
  }
  const promoteAt = autoPromoteAt(rollout, options)
  if (promoteAt !== undefined && now >= promoteAt) {
    const after = `healthy for ${options.canaryPromoteAfterSeconds} s`
    note(ctx, 'Normal', 'CanaryPromoted', `canary ${rollout.canary?.hosts.join(', ')} promoted by itself (${after})`)
    return advance(ctx, promoted(rollout, ctx.nowIso, 'auto'), revisions, target)
  }
  return {
    ...hold(ctx, rollout, revisions, target),
    ...requeue([promoteAt === undefined ? undefined : promoteAt - now]),
  }
}

/** The walk reached every host: DONE (naming hosts skipped by ignoreFailures), or FAILED after a revert. */
function complete(ctx: PlanContext, rollout: RolloutStatus, revisions: Revision[]): Omit<RolloutPlan, 'desired'> {
  const finished = { ...rollout, finishedAt: ctx.nowIso, inProgress: {} }
  const outcomes = withOutcome(revisions, rollout.revision, 'DONE')
  if (isRevertReason(rollout.reason)) {
    const message = (rollout.message ?? '').replace(/^rolling back to/, 'rolled back to')
    note(ctx, 'Warning', 'RolloutReverted', message)
    return { rollout: { ...finished, state: 'FAILED', message, rolledBack: true }, revisions: outcomes }
  }
  const { message: _, ...rest } = finished
  const skipped = rollout.failed.length > 0 ? { message: `done; failed hosts: ${rollout.failed.join(', ')}` } : {}
  note(
    ctx,
    'Normal',
    'RolloutDone',
    `rolled out ${rollout.job} (revision ${rollout.revision})${skipped.message ? `, ${skipped.message}` : ''}`,
  )
  return { rollout: { ...rest, state: 'DONE', ...skipped }, revisions: outcomes }
}

/** A host failed: the rollout stops where it is, or (autoRevert) rolls every host back to the last good Job. */
function fail(
  ctx: PlanContext,
  rollout: RolloutStatus,
  revisions: Revision[],
  failure: HostFailure,
  autoRevert: boolean,
) {
  const outcomes = withOutcome(revisions, rollout.revision, 'FAILED')
  const message = `${failure.host}: ${failure.reason}`
  const failed: RolloutStatus = {
    ...rollout,
    state: 'FAILED',
    finishedAt: ctx.nowIso,
    inProgress: {},
    message,
    failure,
  }
  if (!autoRevert || isRevertReason(rollout.reason)) {
    note(ctx, 'Warning', 'RolloutFailed', `rollout of ${rollout.job} failed: ${message}`)
    return hold(ctx, failed, outcomes, undefined)
  }
  return revert(ctx, failed, outcomes, { reason: 'AUTO_REVERT', why: `${rollout.job} failed: ${message}` })
}

/** `heliosctl rollout abort`: the rollout ends, and the hosts it moved walk back like an automatic revert. */
export function abort(ctx: PlanContext, rollout: RolloutStatus, revisions: Revision[]): RolloutPlan {
  const outcomes = withOutcome(revisions, rollout.revision, 'FAILED')
  const { failure: _, ...rest } = rollout
  const aborted: RolloutStatus = {
    ...rest,
    state: 'FAILED',
    finishedAt: ctx.nowIso,
    inProgress: {},
    message: 'aborted by user',
  }
  return revert(ctx, aborted, outcomes, { reason: 'ABORT', why: `${rollout.job} was aborted by user` })
}

/** A revert to the newest revision that succeeded, walked like any rollout; without one the rollout just ends. */
function revert(
  ctx: PlanContext,
  failed: RolloutStatus,
  revisions: Revision[],
  how: { reason: 'AUTO_REVERT' | 'ABORT'; why: string },
): RolloutPlan {
  const good = lastGoodRevision(revisions, failed.job)
  const goodTarget = good && resolveTarget(ctx.input, good.job)
  if (!good || !goodTarget) {
    const message = `${failed.message}; no earlier revision succeeded, so there is nothing to roll back to`
    note(ctx, 'Warning', 'RolloutFailed', `rollout of ${failed.job} ended: ${message}`)
    return hold(ctx, { ...failed, message }, revisions, undefined)
  }
  const message = `rolling back to ${good.job} after ${how.why}`
  note(ctx, 'Warning', 'RolloutReverting', message)
  const back = startRollout({
    deployment: ctx.input.deployment,
    previous: failed,
    revisions,
    reason: how.reason,
    target: goodTarget,
    nowIso: ctx.nowIso,
    revertedFrom: failed.job,
    message,
    ...(failed.failure ? { failure: failed.failure } : {}),
  })
  return advance(ctx, back.rollout, back.revisions, goodTarget)
}
