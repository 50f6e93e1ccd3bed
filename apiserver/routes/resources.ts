/** @module CRUD routes for every kind under /apis/helios/v1/<plural>[/<name>][/status]; lists hand watches to watch.ts. */
import { Router } from 'express'
import type { ListBody } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { objectFilter } from '../selectors/object-filter.js'
import { createObject } from '../writes/create.js'
import { deleteObject } from '../writes/delete.js'
import { replaceObject } from '../writes/replace.js'
import { kindOf, parseBody, queryFlag, queryVersion, requestToken } from './params.js'
import { serveWatch } from './watch.js'

/** List/watch, get, create, replace, replace status and delete, for every kind; mounted under API_PREFIX. */
export function resourceRoutes(ctx: AppContext): Router {
  const router = Router()

  router.get('/:plural', async (req, res) => {
    const kind = kindOf(req.params.plural)
    const query = req.query as Record<string, unknown>
    if (queryFlag(query, 'watch')) return serveWatch(ctx, kind, req, res)
    const filter = objectFilter(kind, query)
    const { items, resourceVersion } = await ctx.store.list(kind)
    const body: ListBody<unknown> = {
      kind: 'List',
      apiVersion: 'helios/v1',
      metadata: { resourceVersion },
      items: items.filter(filter),
    }
    res.json(body)
  })

  router.get('/:plural/:name', async (req, res) => {
    res.json(await ctx.store.get(kindOf(req.params.plural), req.params.name))
  })

  router.post('/:plural', async (req, res) => {
    const obj = parseBody(req.body, kindOf(req.params.plural))
    res.status(201).json(await createObject(ctx, obj, { token: requestToken(req) }))
  })

  router.put('/:plural/:name', async (req, res) => {
    const obj = parseBody(req.body, kindOf(req.params.plural), req.params.name)
    res.json((await replaceObject(ctx, obj, 'declared', { token: requestToken(req) })).object)
  })

  router.put('/:plural/:name/status', async (req, res) => {
    const obj = parseBody(req.body, kindOf(req.params.plural), req.params.name)
    res.json((await replaceObject(ctx, obj, 'status')).object)
  })

  router.delete('/:plural/:name', async (req, res) => {
    const kind = kindOf(req.params.plural)
    const ifVersion = queryVersion(req.query as Record<string, unknown>)
    res.json(await deleteObject(ctx, kind, req.params.name, ifVersion, requestToken(req)))
  })

  return router
}
