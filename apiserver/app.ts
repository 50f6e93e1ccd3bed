/** @module createApp: the apiserver's express app over a Store; it never listens (main.ts and tests do). */
import express, { type Express } from 'express'
import { API_PREFIX, BODY_LIMIT_BYTES } from '../apis/index.js'
import type { AppContext } from './app-context.js'
import type { Authenticator } from './auth/authenticator.js'
import { requireAuth } from './auth/require-auth.js'
import { type CrossSiteOptions, crossSiteGuard, JSON_TYPES } from './cross-site.js'
import { errorHandler, notFoundRoute } from './error-handler.js'
import type { Histogram } from './histogram.js'
import { DEFAULT_INFLIGHT_LIMITS, type InflightLimits, inflightLimit } from './inflight.js'
import type { LeaderStatus } from './leadership.js'
import { type Log, silentLog } from './log.js'
import { RequestMetrics } from './metrics.js'
import { queryGuard } from './query-guard.js'
import { applyRoutes } from './routes/apply.js'
import { healthRoutes } from './routes/health.js'
import { logRoutes } from './routes/logs.js'
import { openApiRoutes } from './routes/openapi.js'
import { resourceRoutes } from './routes/resources.js'
import type { PolicySettingsInput } from './rules/policy-settings.js'
import { ruleOptions } from './rules/rule-options.js'
import type { MasterRegistry, Store } from './storage/store.js'
import { DEFAULT_WATCH_LIMITS, WatchBudget, type WatchLimits } from './watch-budget.js'

export interface AppOptions {
  store: Store
  log?: Log
  /** Reported by /version. */
  version?: string
  /** Idle time before a watch sends a BOOKMARK (default 15 s; `--watch-bookmark-seconds`). */
  bookmarkIntervalMs?: number
  /** Watch streams per client and unsent bytes per stream and in all (defaults: DEFAULT_WATCH_LIMITS). */
  watchLimits?: Partial<WatchLimits>
  /** How long a watch from a resourceVersion this apiserver has not seen yet waits for it (default 3 s, as Kubernetes). */
  futureVersionWaitMs?: number
  now?: () => Date
  /** Linux capabilities a Job may add (`--allowed-capability`); none by default, `ALL` allows any. */
  allowedCapabilities?: readonly string[]
  /** What else Jobs may ask of a host (`--admission-policy FILE` and the `--allow-*` flags); deny by default. */
  admissionPolicy?: PolicySettingsInput
  /** Bearer-token users (`--token-file`); without it the API is open (loopback only, see main.ts). */
  auth?: Authenticator
  /** The tokens the agent of `host` accepts on its log endpoint (its own); none when auth is off. */
  agentTokens?: (host: string) => readonly string[]
  /** Whether this apiserver runs the controllers now (`/leader`, metric helios_apiserver_leader). */
  leadership?: () => LeaderStatus
  /** The apiservers sharing the store, for `GET /masters` (main.ts: the ZooKeeperStore); none listed without it. */
  masters?: Pick<MasterRegistry, 'listMasters'>
  /** More histograms for /metrics, e.g. the ZooKeeper request latency (`zookeeperLatency()` in metrics.ts). */
  histograms?: readonly Histogram[]
  /** Requests in flight at once, in all and per client (inflight.ts); watches and log follows are not counted. */
  inflightLimits?: InflightLimits
  /** Host and Origin checks against browsers (cross-site.ts); main.ts checks Host names while the API is open. */
  crossSite?: CrossSiteOptions
}

/** The whole HTTP API over `opts.store`: health, apply, CRUD + watch for every kind, one error handler. */
export function createApp(opts: AppOptions): Express {
  const log = opts.log ?? silentLog
  const watches = new WatchBudget({ ...DEFAULT_WATCH_LIMITS, ...opts.watchLimits })
  const ctx: AppContext = {
    store: opts.store,
    log,
    now: opts.now ?? (() => new Date()),
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15_000,
    watches,
    futureVersionWaitMs: opts.futureVersionWaitMs ?? 3_000,
    metrics: new RequestMetrics(log, opts.histograms, () => watches.bufferedBytes),
    version: opts.version ?? '0.0.0',
    rules: ruleOptions(opts),
    leadership: opts.leadership ?? (() => ({ leader: false, identity: '' })),
    masters: async () => (opts.masters ? opts.masters.listMasters() : []),
  }
  const app = express()
  // Routes match exactly as written: `/APPLY` or `/sTaTuS` must not reach a route under another name.
  app.set('case sensitive routing', true)
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(ctx.metrics.middleware)
  app.use(crossSiteGuard(opts.crossSite ?? {}))
  app.use(express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES }))
  app.use(healthRoutes(ctx, opts.auth), openApiRoutes(ctx))
  if (opts.auth) app.use(API_PREFIX, requireAuth(opts.auth))
  app.use(API_PREFIX, inflightLimit(opts.inflightLimits ?? DEFAULT_INFLIGHT_LIMITS))
  // Every route below starts with its guard (auth/guard.ts): authorization and audit follow the route that matched.
  app.use(API_PREFIX, queryGuard, applyRoutes(ctx), logRoutes(ctx, opts.agentTokens), resourceRoutes(ctx))
  app.use(notFoundRoute)
  app.use(errorHandler(ctx.log))
  return app
}
