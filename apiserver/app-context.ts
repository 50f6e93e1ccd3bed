/** @module AppContext: what routes and writes share — the store, a log, a clock and the request counters. */
import type { Log } from './log.js'
import type { RequestMetrics } from './metrics.js'
import type { Store } from './storage/store.js'

export interface AppContext {
  store: Store
  log: Log
  now: () => Date
  /** How long an idle watch stays silent before a BOOKMARK line. */
  bookmarkIntervalMs: number
  metrics: RequestMetrics
  version: string
}

/** What a write needs. */
export type WriteContext = Pick<AppContext, 'store' | 'now'>
