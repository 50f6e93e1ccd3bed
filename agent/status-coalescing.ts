/** @module Which Task statuses the agent writes at once and which wait to see whether they last (pure). */
import type { TaskState, TaskStatus } from '../apis/index.js'
import { type StatusFields, sameExit } from './status-fields.js'

/**
 * How long a transient status (PULLING_IMAGE, CREATING, STARTING, HEALTHCHECKING, STOPPING) must last before it is
 * written; one replaced sooner is folded into its successor, which lists it for history (folded-states.ts). 500 ms is longer than what
 * a container normally spends in those states (Docker's create + start of the test image took 300–410 ms on the
 * 2-core test machine; a hollow agent's default start is 200 ms), so a container that starts normally costs one
 * status write (RUNNING) and one Event (listing CREATING and STARTING) instead of three of each. It is shorter than anyone acts on: a pull of
 * minutes or a failing health check still shows within half a second. Nomad's client batches its allocation
 * updates the same way (every 200 ms). States a user or a rollout acts on never wait (see `writesAtOnce`).
 */
export const SETTLE_MS = 500

/** A container's fate or the end of a goal: what `get tasks`, rollouts and run-once Jobs wait for. */
const ACTIONABLE: ReadonlySet<TaskState> = new Set(['RUNNING', 'EXITED', 'STOPPED', 'FAILED', 'SUCCEEDED'])

/**
 * Whether `status` is written at once rather than after it lasted SETTLE_MS: an actionable state, a throttle
 * (FLAPPING, IMAGE_MISSING…) other than the one shown, or an exit record (lastExit, restartCount) the apiserver
 * does not have yet, so a container that exits within the window still reaches rollouts without delay.
 * `shown` is the status the apiserver holds as far as this agent knows.
 */
export function writesAtOnce(status: StatusFields, shown: TaskStatus | undefined): boolean {
  const newExit = status.lastExit !== undefined && !sameExit(status, shown)
  return ACTIONABLE.has(status.state) || status.throttled !== (shown?.throttled ?? 'NO') || newExit
}
