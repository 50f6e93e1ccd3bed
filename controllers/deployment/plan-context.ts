/** @module What one planning pass of a rollout works with, and the pure helpers its steps share. */
import {
  type Deployment,
  isRevertReason,
  isSurgeTask,
  type Job,
  type Revision,
  type RolloutStatus,
  type Task,
} from '../../apis/index.js'
import type { DesiredTask } from './desired.js'
import { idOfJob } from './desired.js'
import { effectiveRolloutOptions } from './effective-job.js'
import { healthOptions } from './health-options.js'
import { holdHosts } from './hold-hosts.js'
import type { HostTasks } from './host-walk.js'
import { lastGoodRevision } from './revisions.js'
import type { RolloutEvent } from './rollout-events.js'
import type { RolloutTarget } from './task-progress.js'

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
  /** What happened in this pass, to record as Events once the status is written. */
  events?: RolloutEvent[]
}

export interface PlanContext {
  input: RolloutPlanInput
  hosts: HostTasks[]
  nowIso: string
  events: RolloutEvent[]
}

/** A context for one pass over `input`. */
export function planContext(input: RolloutPlanInput): PlanContext {
  return { input, hosts: hostTasks(input), nowIso: new Date(input.now).toISOString(), events: [] }
}

/** No walk: lists follow the Tasks; new hosts get the last good Job while FAILED (not after a revert) or PAUSED. */
export function hold(
  ctx: PlanContext,
  rollout: RolloutStatus,
  revisions: Revision[],
  known: RolloutTarget | undefined,
): RolloutPlan {
  const { deployment } = ctx.input
  const target = known ?? resolveTarget(ctx.input, rollout.job)
  if (!target) return { rollout, revisions }
  const stable =
    (rollout.state === 'FAILED' && !isRevertReason(rollout.reason)) || rollout.state === 'PAUSED'
      ? stableJob(ctx, revisions, rollout.job)
      : undefined
  const held = holdHosts({ deployment, target, hosts: ctx.hosts, rollout, freshJob: stable ?? target.job })
  const lists = { done: held.done, pending: held.pending, failed: held.failed, inProgress: {} }
  return { desired: held.desired, rollout: { ...rollout, ...lists }, revisions }
}

/** The Job of the newest revision that succeeded other than `job`, if it still exists. */
export function stableJob(ctx: PlanContext, revisions: readonly Revision[], job: string): Job | undefined {
  const good = lastGoodRevision(revisions, job)
  return good && ctx.input.jobs(good.job)
}

export const note = (ctx: PlanContext, type: RolloutEvent['type'], reason: string, message: string) =>
  ctx.events.push({ type, reason, message })

/** The options a rollout of `target` obeys, defaults applied. */
export const resolveOptions = (deployment: Deployment, target: RolloutTarget) => ({
  ...effectiveRolloutOptions(deployment, target.job.spec.rolloutOptions),
  ...healthOptions(deployment.spec.rollout, target.job.spec.rolloutOptions),
})

export function resolveTarget(input: RolloutPlanInput, name: string): RolloutTarget | undefined {
  const job = input.jobs(name)
  return job && { job, jobId: idOfJob(job), restartedAt: input.deployment.spec.restartedAt }
}

function hostTasks(input: RolloutPlanInput): HostTasks[] {
  const main = new Map(input.tasks.filter((t) => !isSurgeTask(t.metadata.name)).map((t) => [t.spec.host, t]))
  const surge = new Map(input.tasks.filter((t) => isSurgeTask(t.metadata.name)).map((t) => [t.spec.host, t]))
  return input.hosts.map((host) => ({ host, main: main.get(host), surge: surge.get(host) }))
}

export const requeue = (waits: readonly (number | undefined)[]) => {
  const ms = waits.filter((w): w is number => w !== undefined)
  return ms.length === 0 ? {} : { requeueAfterMs: Math.max(1, Math.min(...ms)) }
}
