/** @module Pure host walk of one ROLLING_OUT rollout: which hosts step now, which are done, which failed. */
import {
  type Deployment,
  goalOn,
  ownValue,
  type RolloutOptions,
  type RolloutStatus,
  surgeTaskName,
  type Task,
  taskName,
} from '../../apis/index.js'
import { type DesiredTask, taskSpecFor } from './desired.js'
import { hopelessReason, isCurrent, isDone, type RolloutTarget, timeoutReason } from './task-progress.js'

/** One target host with this Deployment's Tasks on it. */
export interface HostTasks {
  host: string
  main?: Task | undefined
  surge?: Task | undefined
}

export interface WalkResult {
  desired: DesiredTask[]
  done: string[]
  pending: string[]
  failed: string[]
  inProgress: Record<string, string>
  /** `"<host>: <reason>"` of every host that failed in this pass, in host order. */
  failures: string[]
  requeueAfterMs?: number
}

export interface WalkInput {
  deployment: Deployment
  target: RolloutTarget
  hosts: readonly HostTasks[]
  rollout: RolloutStatus
  options: RolloutOptions
  now: number
}

/**
 * Walks hosts in order. A host without a Task gets one at once (nothing runs there to disturb). A host on
 * another Job waits until fewer than `parallelism` hosts are in progress (a sliding window; Helios used fixed
 * chunks), unless the Deployment is paused. A step either updates the Task, or (overlap) first runs a surge
 * Task with the target, updates the main Task once the surge runs, and drops the surge once the main is done.
 */
export function walkHosts(input: WalkInput): WalkResult {
  const { deployment, target, options, now } = input
  const nowIso = new Date(now).toISOString()
  const name = deployment.metadata.name
  const result: WalkResult = { desired: [], done: [], pending: [], failed: [], inProgress: {}, failures: [] }
  const byHost = new Map<string, DesiredTask[]>()
  const push = (host: string, task: DesiredTask) => byHost.set(host, [...(byHost.get(host) ?? []), task])
  const want = (host: string) =>
    push(host, { name: taskName(name, host), spec: taskSpecFor(deployment, target.job, host) })
  const keep = (task: Task) =>
    push(task.spec.host, { name: task.metadata.name, spec: { ...task.spec, goal: goalOn(deployment, task.spec.host) } })
  const surge = (host: string) =>
    push(host, { name: surgeTaskName(name, host), spec: taskSpecFor(deployment, target.job, host) })
  const waiting: Task[] = []

  for (const { host, main, surge: surgeTask } of input.hosts) {
    const goal = goalOn(deployment, host)
    // Goal STOP: nothing runs to protect, so every Task moves at once, as Helios' stop did; past here goal is START.
    if (!main || goal === 'STOP') {
      want(host)
      if (main) result.done.push(host)
      else result.inProgress[host] = nowIso
      continue
    }
    const current = isCurrent(main.spec, target)
    const begun = ownValue(input.rollout.inProgress, host)
    if (isDone(main, target) || (current && input.rollout.failed.includes(host))) {
      keep(main)
      ;(isDone(main, target) ? result.done : result.failed).push(host)
      continue
    }
    if (!current && begun === undefined) {
      waiting.push(main)
      continue
    }
    const startedAt = begun ?? nowIso
    const stepTask = options.overlap && !current ? surgeTask : main
    const reason =
      hopelessReason(stepTask, target, startedAt) ??
      (now - Date.parse(startedAt) >= options.timeout * 1000
        ? timeoutReason(stepTask, target, options.timeout)
        : undefined)
    if (reason) {
      keep(main)
      result.failed.push(host)
      result.failures.push(`${host}: ${reason}`)
      continue
    }
    result.inProgress[host] = startedAt
    if (options.overlap && (!current || surgeTask)) surge(host)
    if (!options.overlap || current || isDone(surgeTask, target)) want(host)
    else keep(main)
  }

  for (const main of waiting) {
    const host = main.spec.host
    if (deployment.spec.paused || Object.keys(result.inProgress).length >= options.parallelism) {
      keep(main)
      result.pending.push(host)
      continue
    }
    result.inProgress[host] = nowIso
    // Waiting hosts got past the STOP branch above: their goal is START.
    if (options.overlap) {
      keep(main)
      surge(host)
    } else want(host)
  }
  result.desired = input.hosts.flatMap((h) => byHost.get(h.host) ?? [])
  const deadlines = Object.values(result.inProgress).map((t) => Date.parse(t) + options.timeout * 1000 - now)
  if (deadlines.length > 0) result.requeueAfterMs = Math.max(1, Math.min(...deadlines))
  return result
}
