/** @module Pure rollout records: when a new rollout starts, why, and its first status. */
import {
  type Deployment,
  type HostFailure,
  type Revision,
  ROLLOUT_ANNOTATION,
  type RolloutReason,
  type RolloutStatus,
} from '../../apis/index.js'
import { idOfJob } from './desired.js'
import { recordRevision, revisionOf } from './revisions.js'
import type { RolloutTarget } from './task-progress.js'

/** Whether ISO time `value` is later than `than` (annotation values are ISO times: the newest wins). */
export function isNewer(value: string | undefined, than: string | undefined): boolean {
  if (value === undefined) return false
  if (than === undefined) return true
  const [a, b] = [Date.parse(value), Date.parse(than)]
  return Number.isNaN(a) || Number.isNaN(b) ? value > than : a > b
}

/**
 * Why a new rollout must start, if it must: no record yet, another target Job, another restartedAt, or a finished (DONE) rollout finding hosts that are not on its target.
 */
export function newRolloutReason(
  deployment: Deployment,
  rollout: RolloutStatus | undefined,
  targetJob: string,
  hostsNeedWork: boolean,
): RolloutReason | undefined {
  if (!rollout || rollout.state === 'IDLE') return 'CREATED'
  if (rollout.job !== targetJob) return 'JOB_CHANGED'
  if (deployment.spec.restartedAt !== rollout.restartedAt) return 'RESTART'
  if (rollout.state === 'DONE' && hostsNeedWork) return 'HOSTS_CHANGED'
  return undefined
}

/** A fresh ROLLING_OUT record for `target`, and the revision history with the target's revision in it. */
export function startRollout(opts: {
  deployment: Deployment
  previous: RolloutStatus | undefined
  revisions: readonly Revision[]
  reason: RolloutReason
  target: RolloutTarget
  nowIso: string
  revertedFrom?: string
  message?: string
  /** The host failure a revert answers. */
  failure?: HostFailure
  /** The canary hosts of this rollout (chooseCanaries). */
  canary?: string[]
}): { rollout: RolloutStatus; revisions: Revision[] } {
  const { deployment, reason, target, nowIso } = opts
  const job = target.job.metadata.name
  const annotations = deployment.metadata.annotations
  const moves = reason === 'CREATED' || reason === 'JOB_CHANGED' || revisionOf(opts.revisions, job) === undefined
  const revisions = moves
    ? recordRevision(opts.revisions, {
        job,
        jobId: idOfJob(target.job),
        changeCause: annotations[ROLLOUT_ANNOTATION.changeCause] ?? `job set to ${job}`,
        createdAt: nowIso,
      })
    : [...opts.revisions]
  const rollout: RolloutStatus = {
    state: 'ROLLING_OUT',
    revision: revisionOf(revisions, job) ?? 0,
    job,
    reason,
    ...(deployment.spec.restartedAt ? { restartedAt: deployment.spec.restartedAt } : {}),
    startedAt: nowIso,
    done: [],
    inProgress: {},
    pending: [],
    failed: [],
    ...(opts.message ? { message: opts.message } : {}),
    ...(opts.revertedFrom ? { revertedFrom: opts.revertedFrom } : {}),
    ...(opts.failure ? { failure: opts.failure } : {}),
    ...(opts.canary?.length ? { canary: { hosts: opts.canary } } : {}),
    ...acknowledged(deployment, opts.previous),
  }
  return { rollout, revisions }
}

/** A new record acknowledges every annotation already set, so an old stop, retry, promote or abort never fires on it. */
function acknowledged(deployment: Deployment, previous: RolloutStatus | undefined): { acknowledged?: string } {
  const annotations = deployment.metadata.annotations
  const steering = [
    ROLLOUT_ANNOTATION.stop,
    ROLLOUT_ANNOTATION.retry,
    ROLLOUT_ANNOTATION.promote,
    ROLLOUT_ANNOTATION.abort,
  ]
  const values = [previous?.acknowledged, ...steering.map((key) => annotations[key])]
  const newest = values.reduce<string | undefined>((a, b) => (isNewer(b, a) ? b : a), undefined)
  return newest === undefined ? {} : { acknowledged: newest }
}
