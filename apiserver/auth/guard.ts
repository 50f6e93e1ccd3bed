/**
 * @module Route guards: every API route states what it does (verb, kind, name) from the route that matched, and
 * its guard authorizes exactly that and arms the audit, so routing and authorization can never disagree.
 */
import type { Request, RequestHandler, Response } from 'express'
import { ApiError, type Kind, objectHistoryKey } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { armAudit } from '../audit.js'
import { eventHistoryIndex } from '../writes/event-history-index.js'
import { type AuthRequest, type AuthUser, authorize } from './authorize.js'

/** What one request does, as its route reads it; `dryRun` only for writes (an audit never records a dry run). */
export interface RouteRequest extends AuthRequest {
  dryRun?: boolean
}

/** Reads the request's verb, kind and name from the matched route's params, query and body; throws when it cannot. */
export type Classify = (req: Request) => RouteRequest

/** The authenticated user of a request; undefined when the API is open (no --token-file). */
export const requestUser = (res: Response): AuthUser | undefined => res.locals.user as AuthUser | undefined

/** The classified request of a guarded route (set by its guard). */
export function routeRequest(res: Response): RouteRequest {
  const request = res.locals.routeRequest as RouteRequest | undefined
  if (!request) throw new ApiError('Internal', 'route has no guard')
  return request
}

/** The first handler of every API route: classify, authorize (403), remember, audit the reply. */
export function guard(ctx: WriteContext, classify: Classify): RequestHandler {
  const handler: RequestHandler = async (req, res, next) => {
    const request = classify(req)
    const user = requestUser(res)
    if (user) {
      const decision = authorize(user, await withStored(ctx, user, request))
      if (!decision.allowed) throw new ApiError('Forbidden', decision.reason)
    }
    res.locals.routeRequest = request
    armAudit(ctx, res, request, user)
    next()
  }
  return Object.assign(handler, { isRouteGuard: true })
}

/** Whether an express handler is a guard (the route table test checks that every API route starts with one). */
export const isRouteGuard = (handler: unknown): boolean =>
  typeof handler === 'function' && (handler as { isRouteGuard?: boolean }).isRouteGuard === true

/**
 * Adds the STORED object an agent's write is judged by: the Task whose status it writes, the Task its Event is
 * about. Never the body's word: a body can name any host.
 */
async function withStored(ctx: WriteContext, user: AuthUser, request: RouteRequest): Promise<RouteRequest> {
  if (user.role !== 'agent') return request
  if (request.kind === 'Task' && request.verb === 'update-status' && request.name) {
    return { ...request, stored: await storedOrUndefined(ctx, 'Task', request.name) }
  }
  const about = (request.object as { involvedObject?: { kind?: unknown; name?: unknown } } | undefined)?.involvedObject
  if (request.kind === 'Event' && about?.kind === 'Task' && typeof about.name === 'string') {
    const stored = await storedOrUndefined(ctx, 'Task', about.name)
    if (stored) return { ...request, stored }
    // A Task already gone (its last STOPPED): only a history that exists may grow, never a new one per made-up name.
    const index = await eventHistoryIndex(ctx.store)
    const known = index.size(objectHistoryKey({ involvedObject: { kind: 'Task', name: about.name } })) > 0
    return { ...request, knownHistory: known }
  }
  return request
}

async function storedOrUndefined(ctx: WriteContext, kind: Kind, name: string): Promise<unknown> {
  try {
    return await ctx.store.get(kind, name)
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'NotFound' || err.code === 'Invalid')) return undefined
    throw err
  }
}
