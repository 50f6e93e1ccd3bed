/**
 * @module Cross-site safety: a web page must not drive the API through a browser on the operator's machine. A page
 * can send a `text/plain` or form POST without asking first (no CORS preflight), and DNS rebinding points a page's
 * own host name at 127.0.0.1; against the open loopback API either would be root on the machine (issue 13).
 */
import type { Request, RequestHandler } from 'express'
import { ApiError, isLoopback } from '../apis/index.js'

export interface CrossSiteOptions {
  /**
   * Accept only these `Host` names (plus loopback names), as `kubectl proxy --accept-hosts` does: set while the API
   * is open on loopback, where a rebound DNS name is the attack. Undefined: any Host (tokens protect the API).
   */
  allowedHosts?: readonly string[]
  /** Browser origins allowed to call the API (`--allowed-origin`); none by default. */
  allowedOrigins?: readonly string[]
}

/** Content types a body may have: JSON, and the `+json` types (merge and JSON patch) a JSON client sends. */
export const JSON_TYPES = ['application/json', 'application/*+json']

/** Refuses (403, 415) requests a browser page could have sent; runs before any body is parsed. */
export function crossSiteGuard(opts: CrossSiteOptions): RequestHandler {
  const origins = new Set((opts.allowedOrigins ?? []).map((o) => o.toLowerCase()))
  const hosts = opts.allowedHosts && new Set(opts.allowedHosts.map((h) => h.toLowerCase()))
  return (req, _res, next) => {
    const origin = req.get('origin')
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      throw new ApiError(
        'Forbidden',
        `cross-origin request refused (Origin ${JSON.stringify(origin.slice(0, 100))}): this apiserver serves browsers only from origins allowed with --allowed-origin`,
      )
    }
    if (origin === undefined && req.get('sec-fetch-site') === 'cross-site') {
      throw new ApiError('Forbidden', 'cross-site request refused (Sec-Fetch-Site: cross-site)')
    }
    if (hosts && !hostAllowed(req, hosts)) {
      throw new ApiError(
        'Forbidden',
        `Host ${JSON.stringify((req.get('host') ?? '').slice(0, 100))} refused: the open API answers only to loopback names (add names with --allowed-host)`,
      )
    }
    if (hasBody(req) && req.is(JSON_TYPES) === false) {
      throw new ApiError(
        'UnsupportedMediaType',
        `request body of type ${JSON.stringify(req.get('content-type') ?? '(none)')} refused: send Content-Type: application/json`,
      )
    }
    next()
  }
}

/** The Host header's name without its port, compared with loopback names and the allowed ones. */
function hostAllowed(req: Request, allowed: ReadonlySet<string>): boolean {
  const header = req.get('host')
  if (!header) return false
  const name = header.toLowerCase().replace(/:\d*$/, '')
  return isLoopback(name) || allowed.has(name)
}

/** A body is coming when its length is non-zero or it is chunked (type-is' rule, which req.is follows). */
function hasBody(req: Request): boolean {
  const length = req.get('content-length')
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0')
}
