/** @module Pure view of hosts while no rollout walks (DONE or FAILED): Tasks keep their Job, new hosts get one. */
import { type Deployment, goalOn, type Job, type RolloutStatus, taskName } from '../../apis/index.js'
import { taskSpecFor } from './desired.js'
import type { HostTasks, WalkResult } from './host-walk.js'
import { isCurrent, isDone, type RolloutTarget } from './task-progress.js'

/**
 * Every Task keeps its Job (only the goal follows the Deployment) and surge Tasks go; a host without a Task
 * gets `freshJob` (after a failure, the last good Job rather than the one that failed).
 */
export function holdHosts(input: {
  deployment: Deployment
  target: RolloutTarget
  hosts: readonly HostTasks[]
  rollout: RolloutStatus
  freshJob: Job
}): WalkResult {
  const { deployment, target } = input
  const result: WalkResult = { desired: [], done: [], pending: [], failed: [], inProgress: {}, failures: [] }
  for (const { host, main } of input.hosts) {
    result.desired.push({
      name: taskName(deployment.metadata.name, host),
      spec: main ? { ...main.spec, goal: goalOn(deployment, host) } : taskSpecFor(deployment, input.freshJob, host),
    })
    if (isDone(main, target)) result.done.push(host)
    else if (!main || !isCurrent(main.spec, target)) result.pending.push(host)
    else if (input.rollout.failed.includes(host)) result.failed.push(host)
  }
  return result
}
