/** @module A per-key enqueue throttle: a quiet key's first change enqueues at once, a burst of changes once per window. */
import type { Clock, WorkQueue } from '../client/index.js'

/**
 * Ten thousand Tasks reporting RUNNING would otherwise reconcile their Deployment ten thousand times, and each
 * reconcile may write its status (a thousand hosts long): with the throttle the first report is seen at once (no
 * latency added to a lone change, a rollout step's last Task included) and the rest of a burst in one reconcile per
 * window. The queue de-duplicates, and its earliest-due rule keeps a sooner wait from being postponed.
 */
export function throttledEnqueue(
  queue: Pick<WorkQueue, 'add' | 'addAfter'>,
  clock: Clock,
  windowMs: number,
): (key: string) => void {
  /** Each key's latest turn: past (it was enqueued then) or scheduled (a delayed add is due then). */
  const turnAt = new Map<string, number>()
  let prunedAt = Number.NEGATIVE_INFINITY
  return (key) => {
    const now = clock.now()
    const turn = turnAt.get(key)
    if (turn === undefined || now >= turn + windowMs) {
      turnAt.set(key, now)
      // At most one sweep per window: a map of many keys all still inside it is not scanned on every change.
      if (turnAt.size > 10_000 && now - prunedAt >= windowMs) {
        prunedAt = now
        forgetBefore(turnAt, now - windowMs)
      }
      queue.add(key)
    } else if (now >= turn) {
      // Inside the window after a turn: the next turn is the window's end, and a change after that waits again.
      turnAt.set(key, turn + windowMs)
      queue.addAfter(key, turn + windowMs - now)
    } else queue.addAfter(key, turn - now)
  }
}

function forgetBefore(lastAt: Map<string, number>, cutoff: number): void {
  for (const [key, at] of lastAt) if (at < cutoff) lastAt.delete(key)
}
