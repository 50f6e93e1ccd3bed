/** @module Store events → what one watcher sees through its selector: leaving it is DELETED, entering it ADDED. */
import type { AnyObject } from '../apis/index.js'
import type { StoreEvent, StoreEventType } from './storage/store.js'

/** The event's type for a watcher with `filter`, or undefined when the change is invisible to it. */
export function watchTypeOf(event: StoreEvent, filter: (obj: AnyObject) => boolean): StoreEventType | undefined {
  const { object, prevObject } = event
  const before = prevObject !== undefined && filter(prevObject)
  if (event.type === 'DELETED') return before || filter(object) ? 'DELETED' : undefined
  if (filter(object)) return before ? 'MODIFIED' : 'ADDED'
  return before ? 'DELETED' : undefined
}

// The store calls an event's watchers one after another in one turn: what the last event looked like through each
// selector is all that is worth keeping.
let lastEvent: StoreEvent | undefined
const typeBySelector = new Map<string, StoreEventType | null>()

/**
 * watchTypeOf for a watcher whose selectors are `selectors` (any string naming them exactly, since the filter is made
 * from them alone), worked out once per event for every watcher with the same ones: a thousand watches of one
 * name filter a change once.
 */
export function sharedWatchType(
  event: StoreEvent,
  selectors: string,
  filter: (obj: AnyObject) => boolean,
): StoreEventType | undefined {
  if (event !== lastEvent) {
    lastEvent = event
    typeBySelector.clear()
  }
  const known = typeBySelector.get(selectors)
  if (known !== undefined) return known ?? undefined
  const type = watchTypeOf(event, filter)
  typeBySelector.set(selectors, type ?? null)
  return type
}
