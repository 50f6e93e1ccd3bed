/** @module One kind's objects kept from the store: one list, then a watch, retried until the list is read. */
import type { AnyObject, Kind } from '../../apis/index.js'
import type { Log } from '../log.js'
import type { Store } from '../storage/store.js'

export interface WatchedObjects {
  /** The objects by name; undefined until the first list has been read. */
  objects(): ReadonlyMap<string, AnyObject> | undefined
  stop(): void
}

const RETRY_MS = 1000

/** Follows `kind` in `store` (started); `changed(old, now)` is told of the list and of every change after it. */
export function watchObjects(
  store: Store,
  kind: Kind,
  log: Log,
  changed: (old: AnyObject | undefined, now: AnyObject | undefined) => void,
): WatchedObjects {
  const objects = new Map<string, AnyObject>()
  let synced = false
  let cancel = () => {}
  let retry: NodeJS.Timeout | undefined
  const follow = async () => {
    try {
      const { items, resourceVersion } = await store.list(kind)
      objects.clear()
      for (const item of items) objects.set(item.metadata.name, item)
      cancel = store.watch(kind, resourceVersion, ({ type, object }) => {
        const old = objects.get(object.metadata.name)
        if (type === 'DELETED') objects.delete(object.metadata.name)
        else objects.set(object.metadata.name, object)
        changed(old, type === 'DELETED' ? undefined : object)
      })
      synced = true
      changed(undefined, undefined)
    } catch (error) {
      log('warn', `DNS cannot list ${kind} yet; retrying`, { error })
      retry = setTimeout(() => void follow(), RETRY_MS)
    }
  }
  void follow()
  return {
    objects: () => (synced ? objects : undefined),
    stop: () => {
      clearTimeout(retry)
      cancel()
    },
  }
}
