/** @module Event history bounds: at most EVENTS_KEPT_PER_OBJECT per object and job, and none left behind by a deleted Job. */
import { type Event, isNotFound } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { eventHistoryIndex, retentionCaps } from './event-history-index.js'

/** Deletes in parallel batches of this many: a Job on 100 hosts leaves 3,000 Events behind. */
const DELETE_BATCH = 50

/**
 * After `created` is stored, deletes the oldest Events of its history beyond the cap. Reads an index
 * kept from the store's watch (event-history-index.ts), never ZooKeeper and never every Event: a fleet
 * writes Events per Task state, and scanning them all per create made history quadratic. Two creates
 * racing may each see one too few; the next create trims again, so a history exceeds the cap only briefly.
 */
export async function trimHistory(ctx: WriteContext, created: Event): Promise<void> {
  const index = await eventHistoryIndex(ctx.store)
  for (const [key, cap] of retentionCaps(created)) {
    const excess = index.size(key) - cap
    if (excess <= 0) continue
    await deleteNames(
      ctx,
      index
        .entries(key)
        .slice(0, excess)
        .map((e) => e.name),
    )
  }
}

/** Deletes the Events of Job `job`'s tasks and about the Job itself (Helios drops /history/jobs/<id> on remove). */
export async function deleteJobEvents(ctx: WriteContext, job: string): Promise<number> {
  const { items } = await ctx.store.list('Event')
  const owned = (items as Event[]).filter(
    (e) => e.task?.job === job || (e.involvedObject.kind === 'Job' && e.involvedObject.name === job),
  )
  await deleteNames(
    ctx,
    owned.map((e) => e.metadata.name),
  )
  return owned.length
}

async function deleteNames(ctx: WriteContext, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += DELETE_BATCH) {
    const batch = names.slice(i, i + DELETE_BATCH)
    await Promise.all(
      batch.map((name) =>
        ctx.store.delete('Event', name).catch((err: unknown) => {
          // Someone else (a racing trim, a user) deleted it first: that is the goal anyway.
          if (!isNotFound(err)) throw err
        }),
      ),
    )
  }
}
