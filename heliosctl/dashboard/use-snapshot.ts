/** @module Hook: the source's current Snapshot, re-rendering on every change (React's external-store contract). */
import { useCallback, useSyncExternalStore } from 'react'
import type { DashboardSource, Snapshot } from './snapshot.js'

export function useSnapshot(source: DashboardSource): Snapshot {
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source])
  const getSnapshot = useCallback(() => source.getSnapshot(), [source])
  return useSyncExternalStore(subscribe, getSnapshot)
}
