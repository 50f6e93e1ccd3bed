/** @module Which Events make up each history (historyKey → names), kept from a store watch so a trim never scans every Event. */
import {
  type AnyObject,
  EVENTS_KEPT_PER_OBJECT,
  EVENTS_KEPT_PER_OBJECT_ALL_JOBS,
  type Event,
  historyKey,
  objectHistoryKey,
} from '../../apis/index.js'
import type { Store } from '../storage/store.js'

/** An Event's place in its history: oldest first by timestamp, then name (as apis' byEventTime). */
export interface HistoryEntry {
  name: string
  time: number
}

/** Oldest first: by timestamp, then name. */
export const byHistoryOrder = (a: HistoryEntry, b: HistoryEntry): number =>
  a.time - b.time || a.name.localeCompare(b.name)

export class EventHistoryIndex {
  private readonly histories = new Map<string, Map<string, number>>()
  /**
   * Names this apiserver's committed writes trimmed that the watch has not reported deleted yet: left out of
   * entries, or the next write would trim them again, fail on the missing node and go again without it.
   */
  private readonly trimmed = new Set<string>()

  /** The history's entries, oldest first. */
  entries(key: string): HistoryEntry[] {
    const names = this.histories.get(key)
    if (!names) return []
    return [...names]
      .filter(([name]) => !this.trimmed.has(name))
      .map(([name, time]) => ({ name, time }))
      .sort(byHistoryOrder)
  }

  /** Marks entries of history `key` as deleted by a committed write, until the watch says so too. */
  markTrimmed(key: string, names: Iterable<string>): void {
    const held = this.histories.get(key)
    for (const name of names) if (held?.has(name)) this.trimmed.add(name)
  }

  size(key: string): number {
    return this.histories.get(key)?.size ?? 0
  }

  add(obj: AnyObject): void {
    const event = obj as Event
    for (const key of keysOf(event)) {
      const names = this.histories.get(key) ?? new Map<string, number>()
      this.histories.set(key, names)
      names.set(event.metadata.name, Date.parse(event.timestamp))
    }
  }

  remove(obj: AnyObject): void {
    this.trimmed.delete(obj.metadata.name)
    for (const key of keysOf(obj as Event)) {
      const names = this.histories.get(key)
      names?.delete(obj.metadata.name)
      if (names?.size === 0) this.histories.delete(key)
    }
  }
}

/**
 * The histories an Event counts against, each with its cap. Audit records (source apiserver) have a history of
 * their own: another writer's Events about the same object must never trim them away.
 */
export function retentionCaps(event: Pick<Event, 'involvedObject' | 'task' | 'source'>): Array<[string, number]> {
  if (event.source.component === 'apiserver') {
    return [[`audit:${objectHistoryKey(event)}`, EVENTS_KEPT_PER_OBJECT]]
  }
  return [
    [historyKey(event), EVENTS_KEPT_PER_OBJECT],
    // Keyed on the object alone too: `task.job` is the writer's word, and varying it must not escape the cap.
    [objectHistoryKey(event), EVENTS_KEPT_PER_OBJECT_ALL_JOBS],
  ]
}

const keysOf = (event: Event): string[] => retentionCaps(event).map(([key]) => key)

const indexes = new WeakMap<Store, Promise<EventHistoryIndex>>()

/**
 * The index of `store`, built once from a list and kept current by a watch from that list's version for
 * the store's lifetime. A watch that cannot start (Expired) or a failed list drops the promise, so the
 * next call builds it again.
 */
export function eventHistoryIndex(store: Store): Promise<EventHistoryIndex> {
  let built = indexes.get(store)
  if (!built) {
    built = buildIndex(store)
    built.catch(() => indexes.delete(store))
    indexes.set(store, built)
  }
  return built
}

async function buildIndex(store: Store): Promise<EventHistoryIndex> {
  const index = new EventHistoryIndex()
  const { items, resourceVersion } = await store.list('Event')
  for (const item of items) index.add(item)
  store.watch('Event', resourceVersion, (change) => {
    if (change.type === 'DELETED') index.remove(change.object)
    else index.add(change.object)
  })
  return index
}
