/** @module Operational routes: /healthz (alive), /readyz (store connected and synced), /version, /leader, /masters, /metrics. */
import { Router } from 'express'
import { ApiError } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import type { Authenticator } from '../auth/authenticator.js'
import { requireAuth } from '../auth/require-auth.js'

/**
 * Routes outside API_PREFIX for probes, operators and Prometheus. With `auth`, /masters takes a token of any role
 * like an API read: it lists every apiserver's internal URL. The rest stay open: each answers only about this one.
 */
export function healthRoutes(ctx: AppContext, auth?: Authenticator): Router {
  const router = Router({ caseSensitive: true })
  router.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok')
  })
  router.get('/readyz', (_req, res) => {
    const { ready, reason } = ctx.store.readiness()
    // Answered here rather than thrown: probes poll this and a refusal is not worth a log line.
    if (!ready) res.status(503).json(new ApiError('Unavailable', reason ?? 'not ready').toStatus())
    else res.type('text/plain').send('ok')
  })
  router.get('/version', (_req, res) => {
    res.json({ version: ctx.version })
  })
  // Open for load balancers and probes picking the leader, like /readyz: it speaks only of this apiserver.
  router.get('/leader', (_req, res) => {
    res.json(ctx.leadership())
  })
  router.get('/masters', ...(auth ? [requireAuth(auth)] : []), async (_req, res) => {
    res.json({ items: await ctx.masters() })
  })
  router.get('/metrics', (_req, res) => {
    const leader = [
      '# HELP helios_apiserver_leader 1 while this apiserver is the elected leader running the controllers.',
      '# TYPE helios_apiserver_leader gauge',
      `helios_apiserver_leader ${ctx.leadership().leader ? 1 : 0}`,
    ]
    res.type('text/plain; version=0.0.4').send(`${ctx.metrics.render()}${leader.join('\n')}\n`)
  })
  return router
}
