/** @module Store events → what one watcher sees through its selector: leaving it is DELETED, entering it ADDED. */
import type { AnyObject, WatchEvent } from '../apis/index.js'
import type { StoreEvent } from './storage/store.js'

/** The event for a watcher with `filter`, or undefined when the change is invisible to it. */
export function toWatchEvent(
  event: StoreEvent,
  filter: (obj: AnyObject) => boolean,
): WatchEvent<AnyObject> | undefined {
  const { object, prevObject } = event
  const before = prevObject !== undefined && filter(prevObject)
  if (event.type === 'DELETED') return before || filter(object) ? { type: 'DELETED', object } : undefined
  const now = filter(object)
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object }
  return before ? { type: 'DELETED', object } : undefined
}
