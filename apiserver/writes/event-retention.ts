/** @module Event history bounds: at most EVENTS_KEPT_PER_OBJECT per object and job, and none left behind by a deleted Job. */
import { byEventTime, EVENTS_KEPT_PER_OBJECT, type Event, historyKey, isNotFound } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'

/** Deletes in parallel batches of this many: a Job on 100 hosts leaves 3,000 Events behind. */
const DELETE_BATCH = 50

/**
 * After `created` is stored, deletes the oldest Events of its history beyond the cap. Reads the
 * watch cache (store.list), never ZooKeeper. Two creates racing may each see one too few; the
 * next create trims again, so a history exceeds the cap only briefly.
 */
export async function trimHistory(ctx: WriteContext, created: Event): Promise<void> {
  const key = historyKey(created)
  const { items } = await ctx.store.list('Event')
  const same = (items as Event[]).filter((e) => historyKey(e) === key)
  const excess = same.length - EVENTS_KEPT_PER_OBJECT
  if (excess <= 0) return
  await deleteEvents(ctx, same.sort(byEventTime).slice(0, excess))
}

/** Deletes the Events of Job `job`'s tasks and about the Job itself (Helios drops /history/jobs/<id> on remove). */
export async function deleteJobEvents(ctx: WriteContext, job: string): Promise<number> {
  const { items } = await ctx.store.list('Event')
  const owned = (items as Event[]).filter(
    (e) => e.task?.job === job || (e.involvedObject.kind === 'Job' && e.involvedObject.name === job),
  )
  await deleteEvents(ctx, owned)
  return owned.length
}

async function deleteEvents(ctx: WriteContext, events: readonly Event[]): Promise<void> {
  for (let i = 0; i < events.length; i += DELETE_BATCH) {
    const batch = events.slice(i, i + DELETE_BATCH)
    await Promise.all(
      batch.map((e) =>
        ctx.store.delete('Event', e.metadata.name).catch((err: unknown) => {
          // Someone else (a racing trim, a user) deleted it first: that is the goal anyway.
          if (!isNotFound(err)) throw err
        }),
      ),
    )
  }
}
