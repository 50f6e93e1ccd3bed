/** @module Pure canary rules: which hosts go first, when the rollout waits for a promotion, and when it promotes itself. */
import { type Deployment, goalOn, type RolloutReason, type RolloutStatus } from '../../apis/index.js'
import type { HealthOptions } from './health-options.js'
import type { HostTasks } from './host-walk.js'
import { isCurrent, type RolloutTarget } from './task-progress.js'

/** Only a new version has something to try first: a Job change, or the retry of one. */
const CANARY_REASONS: ReadonlySet<RolloutReason> = new Set(['JOB_CHANGED', 'RETRY'])

/**
 * The canaries of a rollout that starts now: the first `canary` hosts in rollout order whose Task runs another
 * Job (hosts without a Task get the stable Job meanwhile; stopped hosts move at once). None for a first deploy,
 * hosts joining, a restart or a revert.
 */
export function chooseCanaries(input: {
  deployment: Deployment
  reason: RolloutReason
  hosts: readonly HostTasks[]
  target: RolloutTarget
  count: number
}): string[] {
  if (!CANARY_REASONS.has(input.reason) || input.count <= 0) return []
  return input.hosts
    .filter((h) => h.main && goalOn(input.deployment, h.host) === 'START' && !isCurrent(h.main.spec, input.target))
    .slice(0, input.count)
    .map((h) => h.host)
}

/** The canaries still hold the other hosts back: not yet promoted. */
export const awaitsPromotion = (rollout: RolloutStatus): boolean =>
  rollout.canary !== undefined && rollout.canary.promotedAt === undefined

/** Every canary still targeted is through its step (done, or skipped as failed under ignoreFailures). */
export function canariesSettled(rollout: RolloutStatus, targets: readonly string[]): boolean {
  const settled = new Set([...rollout.done, ...rollout.failed])
  return (rollout.canary?.hosts ?? []).every((h) => settled.has(h) || !targets.includes(h))
}

/** When canaryPromoteAfterSeconds promotes a PAUSED rollout (epoch ms), if it does. */
export function autoPromoteAt(rollout: RolloutStatus, options: HealthOptions): number | undefined {
  const healthyAt = rollout.canary?.healthyAt
  if (options.canaryPromoteAfterSeconds === undefined || healthyAt === undefined) return undefined
  return Date.parse(healthyAt) + options.canaryPromoteAfterSeconds * 1000
}

/** The rollout waiting for a promotion, saying how to give one. */
export function pausedForPromotion(
  rollout: RolloutStatus,
  deploymentName: string,
  options: HealthOptions,
  nowIso: string,
): RolloutStatus {
  const canary = { ...(rollout.canary ?? { hosts: [] }), healthyAt: nowIso }
  const paused: RolloutStatus = { ...rollout, state: 'PAUSED', canary, inProgress: {} }
  const promoteAt = autoPromoteAt(paused, options)
  const hosts = canary.hosts.join(', ')
  const auto = promoteAt === undefined ? '' : ` (promoted by itself at ${new Date(promoteAt).toISOString()})`
  const message = `canary ${hosts} healthy on ${rollout.job}; waiting for "heliosctl rollout promote deployment/${deploymentName}" or "heliosctl rollout abort deployment/${deploymentName}"${auto}`
  return { ...paused, message }
}

/** The rollout promoted (by a user or by canaryPromoteAfterSeconds): the other hosts follow under `parallelism`. */
export function promoted(rollout: RolloutStatus, nowIso: string, by: 'user' | 'auto'): RolloutStatus {
  const { message: _, ...rest } = rollout
  const canary = { ...(rollout.canary ?? { hosts: [] }), promotedAt: nowIso, promotedBy: by }
  return { ...rest, state: 'ROLLING_OUT', canary }
}
