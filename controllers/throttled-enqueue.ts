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
  const lastAt = new Map<string, number>()
  return (key) => {
    const now = clock.now()
    const last = lastAt.get(key)
    if (last === undefined || now - last >= windowMs) {
      lastAt.set(key, now)
      if (lastAt.size > 10_000) forgetBefore(lastAt, now - windowMs)
      queue.add(key)
    } else queue.addAfter(key, windowMs - (now - last))
  }
}

function forgetBefore(lastAt: Map<string, number>, cutoff: number): void {
  for (const [key, at] of lastAt) if (at < cutoff) lastAt.delete(key)
}
