/** @module The bounds of the agent's queue of Events not yet accepted: Helios' 30 per task history and 600 in all. */
import { type Event, historyKey } from '../apis/index.js'

/** Helios' TaskHistoryWriter keeps at most 30 queued events per job … */
export const QUEUED_PER_HISTORY = 30
/** … and 600 in all, dropping the oldest. */
export const QUEUED_IN_ALL = 600

/** Appends `event` (queue order is record order), then drops the oldest of its history and of the whole queue beyond the bounds. */
export function enqueue(queue: readonly Event[], event: Event): { queue: Event[]; dropped: Event[] } {
  const next = [...queue, event]
  const dropped: Event[] = []
  const key = historyKey(event)
  const same = next.filter((e) => historyKey(e) === key)
  dropped.push(...same.slice(0, Math.max(0, same.length - QUEUED_PER_HISTORY)))
  const kept = next.filter((e) => !dropped.includes(e))
  dropped.push(...kept.slice(0, Math.max(0, kept.length - QUEUED_IN_ALL)))
  return { queue: kept.slice(Math.max(0, kept.length - QUEUED_IN_ALL)), dropped }
}
