/** @module The auth middleware under API_PREFIX: bearer token → user (401), then the role table (403). */
import type { Request, RequestHandler } from 'express'
import { ApiError, isNotFound, KINDS, type Kind, kindFromPlural } from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import type { Authenticator } from './authenticator.js'
import { type AuthRequest, type AuthUser, authorize } from './authorize.js'

export const UNAUTHENTICATED = 'authentication required: send "Authorization: Bearer <token>"'

/** Refuses requests without a known token (401) and those the user's role does not allow (403). */
export function requireAuth(auth: Authenticator, store: Store): RequestHandler {
  return async (req, res, next) => {
    const user = auth.authenticate(req.get('authorization'))
    if (!user) throw new ApiError('Unauthorized', UNAUTHENTICATED)
    res.locals.user = user
    const request = describeRequest(req)
    // Unknown paths and kinds are left to the routes, which answer 404 or 400.
    if (request) {
      const decision = authorize(user, await withStoredTask(user, request, store))
      if (!decision.allowed) throw new ApiError('Forbidden', decision.reason)
    }
    next()
  }
}

/** The verb, kind and name of a request under API_PREFIX; undefined when no route serves it. */
export function describeRequest(req: Pick<Request, 'method' | 'path' | 'query' | 'body'>): AuthRequest | undefined {
  const method = req.method === 'HEAD' ? 'GET' : req.method
  const parts = req.path.split('/').filter(Boolean).map(decodeSegment)
  if (parts.length === 1 && parts[0] === 'apply' && method === 'POST') {
    const body = (req.body ?? {}) as { kind?: unknown }
    const kind = typeof body.kind === 'string' && Object.hasOwn(KINDS, body.kind) ? (body.kind as Kind) : undefined
    return kind && { verb: 'apply', kind, name: bodyName(body), object: body }
  }
  const kind = parts[0] === undefined ? undefined : kindFromPlural(parts[0])
  if (!kind) return undefined
  const [, name, sub] = parts
  if (parts.length === 1 && method === 'GET') {
    const watch = (req.query as Record<string, unknown>).watch
    return { verb: watch !== undefined && watch !== 'false' && watch !== '0' ? 'watch' : 'list', kind }
  }
  if (parts.length === 1 && method === 'POST')
    return { verb: 'create', kind, name: bodyName(req.body), object: req.body }
  if (parts.length === 2 && method === 'GET') return { verb: 'get', kind, name }
  if (parts.length === 2 && method === 'PUT') return { verb: 'update', kind, name }
  if (parts.length === 2 && method === 'DELETE') return { verb: 'delete', kind, name }
  if (parts.length === 3 && sub === 'status' && method === 'PUT') return { verb: 'update-status', kind, name }
  // Container logs are read like the Task itself (Kubernetes: pods/log).
  if (parts.length === 3 && sub === 'log' && method === 'GET') return { verb: 'get', kind, name }
  return undefined
}

function bodyName(body: unknown): string | undefined {
  const name = (body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name
  return typeof name === 'string' ? name : undefined
}

// The router decodes names too; a name it cannot decode is its 400, so keep the raw text here.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** An agent's Task status write is judged by the STORED Task's spec.host, never by the body's. */
async function withStoredTask(user: AuthUser, request: AuthRequest, store: Store): Promise<AuthRequest> {
  if (user.role !== 'agent' || request.kind !== 'Task' || request.verb !== 'update-status' || !request.name) {
    return request
  }
  try {
    return { ...request, object: await store.get('Task', request.name) }
  } catch (err) {
    if (isNotFound(err)) return request
    throw err
  }
}
