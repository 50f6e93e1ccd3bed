/** @module AppContext: what routes and writes share — the store, a log, a clock and the request counters. */
import type { LeaderStatus } from './leadership.js'
import type { Log } from './log.js'
import type { RequestMetrics } from './metrics.js'
import type { RuleOptions } from './rules/rule-options.js'
import type { MasterView, Store } from './storage/store.js'
import type { WatchBudget } from './watch-budget.js'

export interface AppContext {
  store: Store
  log: Log
  now: () => Date
  /** How long an idle watch stays silent before a BOOKMARK line. */
  bookmarkIntervalMs: number
  /** The open watch streams' limits: per client, per stream and in all (watch-budget.ts). */
  watches: WatchBudget
  /** How long a watch from a version the store has not reached yet waits for it before it is refused. */
  futureVersionWaitMs: number
  metrics: RequestMetrics
  version: string
  /** Server-wide settings of the admission rules (apiserver flags). */
  rules: RuleOptions
  /** Whether this apiserver runs the controllers now. */
  leadership: () => LeaderStatus
  /** The apiservers announced on this store (`GET /masters`). */
  masters: () => Promise<MasterView[]>
}

/** What a write needs. */
export type WriteContext = Pick<AppContext, 'store' | 'now' | 'log' | 'rules'>
