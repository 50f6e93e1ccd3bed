/** @module Pure host walk of one ROLLING_OUT rollout: which hosts step now, which are done, which failed. */
import {
  type Deployment,
  goalOn,
  type HostFailure,
  type Job,
  ownValue,
  type RolloutStatus,
  surgeTaskName,
  type Task,
  taskName,
} from '../../apis/index.js'
import { type DesiredTask, taskSpecFor } from './desired.js'
import { judgeStep, type StepVerdict } from './step-verdict.js'
import { isCurrent, type RolloutTarget } from './task-progress.js'

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
  /** Every host that failed in this pass, in host order. */
  failures: HostFailure[]
  requeueAfterMs?: number
}

/** The resolved options a walk obeys. */
export interface WalkOptions {
  parallelism: number
  timeout: number
  overlap: boolean
  minHealthySeconds: number
}

export interface WalkInput {
  deployment: Deployment
  target: RolloutTarget
  hosts: readonly HostTasks[]
  rollout: RolloutStatus
  options: WalkOptions
  now: number
  /** Before a promotion: the only hosts that may step (all at once, whatever the parallelism). */
  canary?: ReadonlySet<string>
  /** The Job a host without a Task gets when it is not the target (the stable one while canaries wait). */
  freshJob?: Job
}

/**
 * Walks hosts in order. A host without a Task gets one at once (nothing runs there to disturb). A host on
 * another Job waits until fewer than `parallelism` hosts are in progress (a sliding window; Helios used fixed
 * chunks), unless the Deployment is paused or canaries hold it back. A step either updates the Task, or (overlap)
 * first runs a surge Task with the new Job, updates the main Task once the surge is done, and drops the surge once
 * the main is done. "Done" is judgeStep's: RUNNING for minHealthySeconds without an exit.
 */
export function walkHosts(input: WalkInput): WalkResult {
  const { deployment, target, options, now } = input
  const nowIso = new Date(now).toISOString()
  const name = deployment.metadata.name
  const result: WalkResult = { desired: [], done: [], pending: [], failed: [], inProgress: {}, failures: [] }
  const byHost = new Map<string, DesiredTask[]>()
  const push = (host: string, task: DesiredTask) => byHost.set(host, [...(byHost.get(host) ?? []), task])
  const want = (host: string, job = target.job) =>
    push(host, { name: taskName(name, host), spec: taskSpecFor(deployment, job, host) })
  const keep = (task: Task) =>
    push(task.spec.host, { name: task.metadata.name, spec: { ...task.spec, goal: goalOn(deployment, task.spec.host) } })
  const surge = (host: string) =>
    push(host, { name: surgeTaskName(name, host), spec: taskSpecFor(deployment, target.job, host) })
  const rechecks: number[] = []
  const judge = (task: Task | undefined, startedAt: string): StepVerdict => {
    const timeoutMs = (options.timeout + (options.overlap ? options.minHealthySeconds : 0)) * 1000
    const times = { now, minHealthyMs: options.minHealthySeconds * 1000, timeoutMs, timeoutSeconds: options.timeout }
    return judgeStep(task, target, { ...times, startedAt: Date.parse(startedAt) })
  }
  const waiting: Task[] = []

  for (const { host, main, surge: surgeTask } of input.hosts) {
    const goal = goalOn(deployment, host)
    const stable = input.freshJob && input.freshJob.metadata.name !== target.job.metadata.name
    if (!main && stable && !input.canary?.has(host) && goal === 'START') {
      want(host, input.freshJob)
      result.pending.push(host)
      continue
    }
    // Goal STOP: nothing runs to protect, so every Task moves at once, as Helios' stop did; past here goal is START.
    if (!main || goal === 'STOP') {
      want(host)
      if (main) result.done.push(host)
      else {
        result.inProgress[host] = nowIso
        rechecks.push(now + options.timeout * 1000)
      }
      continue
    }
    const current = isCurrent(main.spec, target)
    if (current && input.rollout.failed.includes(host)) {
      keep(main)
      result.failed.push(host)
      continue
    }
    const begun = ownValue(input.rollout.inProgress, host)
    if (!current && begun === undefined) {
      waiting.push(main)
      continue
    }
    const startedAt = begun ?? nowIso
    const stepTask = options.overlap && !current ? surgeTask : main
    let verdict = judge(stepTask, startedAt)
    // A host past its step (begun unknown) that is not healthy now steps again from now: what it reported up to
    // now (an exit since it was done) cannot fail it, the new step judges what follows.
    if (begun === undefined && verdict.kind === 'failed')
      verdict = { kind: 'waiting', recheckAt: now + options.timeout * 1000 }
    if (verdict.kind === 'failed') {
      keep(main)
      result.failed.push(host)
      result.failures.push({ host, ...verdict.failure })
      continue
    }
    if (verdict.kind === 'done' && stepTask === main) {
      keep(main)
      result.done.push(host)
      continue
    }
    if (verdict.kind === 'waiting') rechecks.push(verdict.recheckAt)
    result.inProgress[host] = startedAt
    if (options.overlap && (!current || surgeTask)) surge(host)
    if (!options.overlap || current || verdict.kind === 'done') want(host)
    else keep(main)
  }

  for (const main of waiting) {
    const host = main.spec.host
    const held = input.canary ? !input.canary.has(host) : Object.keys(result.inProgress).length >= options.parallelism
    if (deployment.spec.paused || held) {
      keep(main)
      result.pending.push(host)
      continue
    }
    result.inProgress[host] = nowIso
    rechecks.push(now + options.timeout * 1000)
    // Waiting hosts got past the STOP branch above: their goal is START.
    if (options.overlap) {
      keep(main)
      surge(host)
    } else want(host)
  }
  result.desired = input.hosts.flatMap((h) => byHost.get(h.host) ?? [])
  if (rechecks.length > 0) result.requeueAfterMs = Math.max(1, Math.min(...rechecks) - now)
  return result
}
