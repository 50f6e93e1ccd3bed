/**
 * @module POST /apis/helios/v1/apply[?set=<id>][&dryRun=true]: server-side apply of one object, optionally
 * in an apply set; POST /apis/helios/v1/applysets/<id>/prune[?dryRun=true]: delete what left the set.
 */
import { Router } from 'express'
import { APPLY_SET_LABEL, ApiError, applySetIdProblem, type HeliosObject, parseObject } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { type AuthUser, authorize } from '../auth/authorize.js'
import { queryString } from '../selectors/object-filter.js'
import { applyObject } from '../writes/apply.js'
import { parseKeep, pruneSet } from '../writes/prune.js'
import { queryFlag, requestToken } from './params.js'

/** Mounted under API_PREFIX before the resource routes, so "apply" is never taken for a plural. */
export function applyRoutes(ctx: AppContext): Router {
  const router = Router()
  router.post('/apply', async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new ApiError('BadRequest', 'request body must be one JSON object')
    }
    const query = req.query as Record<string, unknown>
    const dryRun = queryFlag(query, 'dryRun')
    const set = queryString(query, 'set')
    let obj = parseObject(req.body)
    if (set !== '' || query.set !== undefined) {
      checkSetId(set)
      const labels = { ...obj.metadata.labels, [APPLY_SET_LABEL]: set }
      obj = { ...obj, metadata: { ...obj.metadata, labels } } as HeliosObject
    }
    res.json(await applyObject(ctx, obj, { dryRun, token: requestToken(req) }))
  })
  router.post('/applysets/:id/prune', async (req, res) => {
    const id = req.params.id
    checkSetId(id)
    const dryRun = queryFlag(req.query as Record<string, unknown>, 'dryRun')
    const user = res.locals.user as AuthUser | undefined
    const mayDelete = user
      ? (kind: Parameters<typeof authorize>[1]['kind'], name: string) => {
          const decision = authorize(user, { verb: 'delete', kind, name })
          if (!decision.allowed) throw new ApiError('Forbidden', decision.reason)
        }
      : undefined
    res.json(await pruneSet(ctx, id, parseKeep(req.body), { dryRun, token: requestToken(req), mayDelete }))
  })
  return router
}

function checkSetId(id: string): void {
  const problem = applySetIdProblem(id)
  if (problem) throw new ApiError('BadRequest', problem)
}
