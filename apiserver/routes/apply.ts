/** @module POST /apis/helios/v1/apply[?dryRun=true]: server-side apply of one object. */
import { Router } from 'express'
import { ApiError, parseObject } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { applyObject } from '../writes/apply.js'
import { queryFlag, requestToken } from './params.js'

/** Mounted under API_PREFIX before the resource routes, so "apply" is never taken for a plural. */
export function applyRoutes(ctx: AppContext): Router {
  const router = Router()
  router.post('/apply', async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new ApiError('BadRequest', 'request body must be one JSON object')
    }
    const dryRun = queryFlag(req.query as Record<string, unknown>, 'dryRun')
    res.json(await applyObject(ctx, parseObject(req.body), { dryRun, token: requestToken(req) }))
  })
  return router
}
