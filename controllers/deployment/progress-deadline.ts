/** @module Pure progress deadline: a rollout that has not finished `progressDeadlineSeconds` after it began fails. */
import type { HostFailure, RolloutStatus } from '../../apis/index.js'
import type { HostTasks } from './host-walk.js'

export interface DeadlineCheck {
  /** The failure, once the deadline has passed with hosts still to go. */
  failure?: HostFailure
  /** When it passes (epoch ms), for the requeue. */
  deadlineAt?: number
}

/**
 * The deadline runs from the rollout's start, or from the canaries' promotion (waiting for a user does not count).
 * A paused Deployment is never failed by it; the failure names the first host in progress (else the first pending)
 * and the state its Task is in.
 */
export function checkDeadline(input: {
  rollout: RolloutStatus
  hosts: readonly HostTasks[]
  deadlineSeconds: number | undefined
  paused: boolean
  now: number
}): DeadlineCheck {
  const { rollout, deadlineSeconds } = input
  if (deadlineSeconds === undefined || input.paused) return {}
  const deadlineAt = Date.parse(rollout.canary?.promotedAt ?? rollout.startedAt) + deadlineSeconds * 1000
  if (input.now < deadlineAt) return { deadlineAt }
  const host = Object.keys(rollout.inProgress)[0] ?? rollout.pending[0]
  if (host === undefined) return {}
  const total = new Set([...rollout.done, ...Object.keys(rollout.inProgress), ...rollout.pending, ...rollout.failed])
  const state = input.hosts.find((h) => h.host === host)?.main?.status?.state
  const where = Object.hasOwn(rollout.inProgress, host)
    ? `${host} in state ${state ?? 'UNKNOWN'}`
    : `${host} not started`
  const reason = `rollout of ${rollout.job} not done within its progress deadline of ${deadlineSeconds} s (${rollout.done.length}/${total.size} hosts done; ${where})`
  return { failure: { host, reason, logTail: [] } }
}
