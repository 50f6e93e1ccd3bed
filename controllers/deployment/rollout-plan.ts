/** @module The pure rollout planner: a Deployment, its hosts and Tasks, and the time → desired Tasks and status. */
import {
  type Deployment,
  isSurgeTask,
  type Job,
  type Revision,
  type RolloutStatus,
  type Task,
} from '../../apis/index.js'
import type { DesiredTask } from './desired.js'
import { idOfJob } from './desired.js'
import { effectiveJobName, effectiveRolloutOptions } from './effective-job.js'
import { holdHosts } from './hold-hosts.js'
import { type HostTasks, walkHosts } from './host-walk.js'
import { lastGoodRevision, withOutcome } from './revisions.js'
import { applyRolloutAnnotations } from './rollout-annotations.js'
import { newRolloutReason, startRollout } from './rollout-record.js'
import { isCurrent, type RolloutTarget } from './task-progress.js'

export interface RolloutPlanInput {
  deployment: Deployment
  jobs: (name: string) => Job | undefined
  /** Target hosts in rollout order. */
  hosts: readonly string[]
  /** This Deployment's Tasks (main and surge). */
  tasks: readonly Task[]
  now: number
}

export interface RolloutPlan {
  /** The Tasks that should exist; undefined leaves every Task as it is (the target Job is missing). */
  desired?: DesiredTask[]
  rollout?: RolloutStatus
  revisions: Revision[]
  /** Deployment-level message: why nothing moves. */
  message?: string
  requeueAfterMs?: number
}

interface Context {
  input: RolloutPlanInput
  hosts: HostTasks[]
  nowIso: string
}

/** Plans one reconcile of a Deployment's rollout; every bit of state lives in its status and Tasks. */
export function planRollout(input: RolloutPlanInput): RolloutPlan {
  const { deployment } = input
  const ctx: Context = { input, hosts: hostTasks(input), nowIso: new Date(input.now).toISOString() }
  const annotated = applyRolloutAnnotations(deployment, deployment.status?.rollout, ctx.nowIso)
  const revisions = deployment.status?.revisions ?? []
  const targetJob = annotated.retry ? deployment.spec.job : effectiveJobName(deployment, annotated.rollout)
  // A deployment group created without a Job places nothing until a rolling-update names one.
  if (targetJob === undefined) return { rollout: annotated.rollout, revisions, message: 'no job yet' }
  const target = resolveTarget(input, targetJob)
  if (!target) return { rollout: annotated.rollout, revisions, message: `job "${targetJob}" not found` }
  const needsWork = ctx.hosts.some((h) => !h.main || !isCurrent(h.main.spec, target))
  const reason = annotated.retry ? 'RETRY' : newRolloutReason(deployment, annotated.rollout, targetJob, needsWork)
  const paused = deployment.spec.paused ? { message: 'paused' } : {}
  if (!reason && annotated.rollout) return { ...advance(ctx, annotated.rollout, revisions, target), ...paused }
  const started = startRollout({
    deployment,
    previous: annotated.rollout,
    revisions,
    reason: reason ?? 'CREATED',
    target,
    nowIso: ctx.nowIso,
  })
  return { ...advance(ctx, started.rollout, started.revisions, target), ...paused }
}

function advance(ctx: Context, rollout: RolloutStatus, revisions: Revision[], target: RolloutTarget): RolloutPlan {
  const { deployment, now } = ctx.input
  if (rollout.state !== 'ROLLING_OUT') return hold(ctx, rollout, revisions, target)
  const options = effectiveRolloutOptions(deployment, target.job.spec.rolloutOptions)
  const walk = walkHosts({ deployment, target, hosts: ctx.hosts, rollout, options, now })
  const [failure] = walk.failures
  if (failure && !options.ignoreFailures)
    return fail(ctx, { ...rollout, failed: walk.failed }, revisions, failure, options.autoRevert)
  const lists = { done: walk.done, pending: walk.pending, failed: walk.failed, inProgress: walk.inProgress }
  const message = walk.failures.length > 0 ? walk.failures.join('; ') : rollout.message
  const next: RolloutStatus = { ...rollout, ...lists, ...(message ? { message } : {}) }
  if (walk.pending.length > 0 || Object.keys(walk.inProgress).length > 0)
    return { desired: walk.desired, rollout: next, revisions, ...requeue(walk.requeueAfterMs) }
  return { desired: walk.desired, ...complete(ctx, next, revisions) }
}

/** The walk reached every host: DONE (naming hosts skipped by ignoreFailures), or FAILED after a revert. */
function complete(ctx: Context, rollout: RolloutStatus, revisions: Revision[]): Omit<RolloutPlan, 'desired'> {
  const finished = { ...rollout, finishedAt: ctx.nowIso, inProgress: {} }
  const outcomes = withOutcome(revisions, rollout.revision, 'DONE')
  if (rollout.reason === 'AUTO_REVERT') {
    const message = (rollout.message ?? '').replace(/^rolling back to/, 'rolled back to')
    return { rollout: { ...finished, state: 'FAILED', message }, revisions: outcomes }
  }
  const { message: _, ...rest } = finished
  const skipped = rollout.failed.length > 0 ? { message: `done; failed hosts: ${rollout.failed.join(', ')}` } : {}
  return { rollout: { ...rest, state: 'DONE', ...skipped }, revisions: outcomes }
}

/** A host failed: the rollout stops where it is, or (autoRevert) rolls every host back to the last good Job. */
function fail(ctx: Context, rollout: RolloutStatus, revisions: Revision[], failure: string, autoRevert: boolean) {
  const outcomes = withOutcome(revisions, rollout.revision, 'FAILED')
  const failed: RolloutStatus = {
    ...rollout,
    state: 'FAILED',
    finishedAt: ctx.nowIso,
    inProgress: {},
    message: failure,
  }
  if (!autoRevert || rollout.reason === 'AUTO_REVERT') return hold(ctx, failed, outcomes, undefined)
  const good = lastGoodRevision(outcomes, rollout.job)
  const goodTarget = good && resolveTarget(ctx.input, good.job)
  if (!good || !goodTarget) {
    const message = `${failure}; no earlier revision succeeded, so there is nothing to roll back to`
    return hold(ctx, { ...failed, message }, outcomes, undefined)
  }
  const revert = startRollout({
    deployment: ctx.input.deployment,
    previous: rollout,
    revisions: outcomes,
    reason: 'AUTO_REVERT',
    target: goodTarget,
    nowIso: ctx.nowIso,
    revertedFrom: rollout.job,
    message: `rolling back to ${good.job} after ${rollout.job} failed: ${failure}`,
  })
  return advance(ctx, revert.rollout, revert.revisions, goodTarget)
}

/** No walk: lists follow the Tasks; new hosts get the last good Job while FAILED. */
function hold(
  ctx: Context,
  rollout: RolloutStatus,
  revisions: Revision[],
  known: RolloutTarget | undefined,
): RolloutPlan {
  const { deployment } = ctx.input
  const target = known ?? resolveTarget(ctx.input, rollout.job)
  if (!target) return { rollout, revisions }
  const good =
    rollout.state === 'FAILED' && rollout.reason !== 'AUTO_REVERT' && lastGoodRevision(revisions, rollout.job)
  const freshJob = (good && ctx.input.jobs(good.job)) || target.job
  const held = holdHosts({ deployment, target, hosts: ctx.hosts, rollout, freshJob })
  const lists = { done: held.done, pending: held.pending, failed: held.failed, inProgress: {} }
  return { desired: held.desired, rollout: { ...rollout, ...lists }, revisions }
}

function resolveTarget(input: RolloutPlanInput, name: string): RolloutTarget | undefined {
  const job = input.jobs(name)
  return job && { job, jobId: idOfJob(job), restartedAt: input.deployment.spec.restartedAt }
}

function hostTasks(input: RolloutPlanInput): HostTasks[] {
  const main = new Map(input.tasks.filter((t) => !isSurgeTask(t.metadata.name)).map((t) => [t.spec.host, t]))
  const surge = new Map(input.tasks.filter((t) => isSurgeTask(t.metadata.name)).map((t) => [t.spec.host, t]))
  return input.hosts.map((host) => ({ host, main: main.get(host), surge: surge.get(host) }))
}

const requeue = (ms: number | undefined) => (ms === undefined ? {} : { requeueAfterMs: ms })
