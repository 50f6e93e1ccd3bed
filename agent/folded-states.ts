/** @module FoldedStates: what a Task status carries of the statuses it replaced unwritten (`passedThrough`), for history. */
import { MAX_PASSED_THROUGH, type PassedThroughState, type TaskStatus } from '../apis/index.js'

/**
 * Folding a transient status into its successor saves a write, but must not lose the state from history: the status
 * that is finally written lists the ones it replaced since the last accepted write, each with its own time, and the
 * apiserver copies that list onto the one TaskState Event it stores with the status. No write, transaction or znode is
 * added. The list is capped to the newest MAX_PASSED_THROUGH (a long outage folds whole restart cycles).
 *
 * A status whose write is in flight can be replaced before the apiserver answers; once it is accepted, its successor
 * must no longer list it nor what it listed. Each replaced status' entry is remembered by identity (in memory: after a
 * restart nothing is in flight), so the successor keeps exactly what came after it.
 */
export class FoldedStates {
  private readonly entryOf = new WeakMap<TaskStatus, PassedThroughState>()

  /** The list a new status carries when it replaces `replaced`, a status not yet accepted (undefined: none). */
  carry(replaced: TaskStatus | undefined): PassedThroughState[] | undefined {
    if (!replaced) return undefined
    const { state, updatedAt: at, containerId, throttled } = replaced
    const entry: PassedThroughState = {
      state,
      at,
      ...(containerId !== undefined && { containerId }),
      ...(throttled !== 'NO' && { throttled }),
    }
    this.entryOf.set(replaced, entry)
    return [...(replaced.passedThrough ?? []), entry].slice(-MAX_PASSED_THROUGH)
  }

  /** `newer` without what `accepted` (now shown, with its own list) already recorded; `newer` itself if nothing. */
  afterAccepted(accepted: TaskStatus, newer: TaskStatus): TaskStatus {
    const entry = this.entryOf.get(accepted)
    const list = newer.passedThrough ?? []
    const shown = entry ? list.indexOf(entry) : -1
    // Not found: `newer` does not descend from `accepted`, or the cap dropped its entry, so all it lists came after.
    if (shown < 0) return newer
    const { passedThrough: _shown, ...rest } = newer
    const left = list.slice(shown + 1)
    return left.length > 0 ? { ...rest, passedThrough: left } : rest
  }
}
