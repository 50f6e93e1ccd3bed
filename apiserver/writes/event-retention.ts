/** @module Event history bounds: at most EVENTS_KEPT_PER_OBJECT per object and job, and none left behind by a deleted Job. */
import { type Event, isNotFound } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { byHistoryOrder, eventHistoryIndex, retentionCaps } from './event-history-index.js'

/** Deletes in parallel batches of this many: a Job on 100 hosts leaves 3,000 Events behind. */
const DELETE_BATCH = 50

/** Trims one write carries at most (a history far over its cap, after a restore, shrinks over the next writes). */
const MAX_TRIMS = 100

/** The Events a write trims, and what to tell the history index once the write has committed. */
export interface Trims {
  names: string[]
  committed(): void
}

/**
 * The Events to delete in the transaction that stores `added`: per history (retentionCaps), the oldest beyond its cap
 * among the stored ones and the added ones, which may be among them. Reads an index kept from the store's watch
 * (event-history-index.ts), never ZooKeeper and never every Event: a fleet writes Events per Task state, and
 * scanning them all per create made history quadratic. Two writes racing may each see one too few; the next write
 * trims again, so a history exceeds its cap only briefly.
 */
export async function trimsFor(ctx: Pick<WriteContext, 'store'>, added: readonly Event[]): Promise<Trims> {
  const index = await eventHistoryIndex(ctx.store)
  const trims = new Map<string, string[]>()
  const caps = new Map(added.flatMap((event) => retentionCaps(event)))
  for (const [key, cap] of caps) {
    const adding = added
      .filter((event) => retentionCaps(event).some(([k]) => k === key))
      .map((event) => ({ name: event.metadata.name, time: Date.parse(event.timestamp) }))
    const entries = [...index.entries(key), ...adding].sort(byHistoryOrder)
    trims.set(
      key,
      entries.slice(0, Math.max(0, entries.length - cap)).map((e) => e.name),
    )
  }
  const names = [...new Set([...trims.values()].flat())].slice(0, MAX_TRIMS)
  const kept = new Set(names)
  return {
    names,
    committed: () => {
      for (const [key, keyed] of trims)
        index.markTrimmed(
          key,
          keyed.filter((name) => kept.has(name)),
        )
    },
  }
}

/**
 * Deletes the Events of Job `job`'s tasks and about the Job itself (Helios drops /history/jobs/<id> on remove), but
 * those named in `keep` (the record of the deletion itself).
 */
export async function deleteJobEvents(
  ctx: WriteContext,
  job: string,
  keep: ReadonlySet<string> = new Set(),
): Promise<number> {
  const { items } = await ctx.store.list('Event')
  const owned = (items as Event[]).filter(
    (e) =>
      !keep.has(e.metadata.name) &&
      (e.task?.job === job || (e.involvedObject.kind === 'Job' && e.involvedObject.name === job)),
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
