/**
 * @module POST /apis/helios/v1/apply[?set=<id>][&dryRun=true]: server-side apply of one object, optionally
 * in an apply set; POST /apis/helios/v1/applysets/<id>/prune[?dryRun=true]: delete what left the set.
 */
import { type Request, Router } from 'express'
import {
  APPLY_SET_LABEL,
  ApiError,
  applySetIdProblem,
  type HeliosObject,
  isKind,
  type Kind,
  parseObject,
} from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { authorize } from '../auth/authorize.js'
import { guard, type RouteRequest, requestUser } from '../auth/guard.js'
import { queryString } from '../selectors/object-filter.js'
import { applyObject } from '../writes/apply.js'
import { parseKeep, pruneSet } from '../writes/prune.js'
import { bodyName, dryRunFlag, param, writeRequest } from './params.js'

/** Mounted under API_PREFIX before the resource routes, so "apply" is never taken for a plural. */
export function applyRoutes(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true })
  router.post('/apply', guard(ctx, classifyApply), async (req, res) => {
    const query = req.query as Record<string, unknown>
    const set = queryString(query, 'set')
    let obj = parseObject(req.body)
    if (set !== '' || query.set !== undefined) {
      checkSetId(set)
      const labels = { ...obj.metadata.labels, [APPLY_SET_LABEL]: set }
      obj = { ...obj, metadata: { ...obj.metadata, labels } } as HeliosObject
    }
    res.json(await applyObject(ctx, obj, writeRequest(req, res)))
  })
  // A prune deletes objects of several kinds: its guard asks for the right to delete at all, then every object
  // is checked (and audited) on its own.
  const prune = guard(ctx, (req) => ({ verb: 'delete', kind: 'Deployment', dryRun: dryRunFlag(req) }))
  router.post('/applysets/:id/prune', prune, async (req, res) => {
    const id = param(req, 'id')
    checkSetId(id)
    const user = requestUser(res)
    const mayDelete = user
      ? (kind: Kind, name: string) => {
          const decision = authorize(user, { verb: 'delete', kind, name })
          if (!decision.allowed) throw new ApiError('Forbidden', decision.reason)
        }
      : undefined
    // Each deletion stores its audit Event in its own transaction (the guard's intent rides in the request).
    res.json(await pruneSet(ctx, id, parseKeep(req.body), { ...writeRequest(req, res), mayDelete }))
  })
  return router
}

/** An apply is classified by the kind and name its body declares; a body without a known kind is refused here. */
function classifyApply(req: Request): RouteRequest {
  const body = req.body as { kind?: unknown } | undefined
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('BadRequest', 'request body must be one JSON object')
  }
  // An unknown kind cannot be authorized: refused with the same 422 parsing would give.
  if (!isKind(body.kind)) parseObject(body)
  if (!isKind(body.kind)) throw new ApiError('BadRequest', 'request body has no known kind')
  return { verb: 'apply', kind: body.kind, name: bodyName(body), object: body, dryRun: dryRunFlag(req) }
}

function checkSetId(id: string): void {
  const problem = applySetIdProblem(id)
  if (problem) throw new ApiError('BadRequest', problem)
}
