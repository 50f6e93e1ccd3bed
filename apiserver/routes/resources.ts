/** @module CRUD routes for every kind under /apis/helios/v1/<plural>[/<name>][/status]; lists hand watches to watch.ts. */
import { Router } from 'express'
import type { AppContext } from '../app-context.js'
import { guard, routeRequest } from '../auth/guard.js'
import { objectFilter } from '../selectors/object-filter.js'
import { createObject } from '../writes/create.js'
import { deleteObject } from '../writes/delete.js'
import { replaceObject } from '../writes/replace.js'
import { sendList } from './list-body.js'
import {
  bodyName,
  dryRunFlag,
  kindOf,
  param,
  parseBody,
  queryFlag,
  queryVersion,
  taskEventFlag,
  writeRequest,
} from './params.js'
import { parseStatusBody } from './status-body.js'
import { serveWatch } from './watch.js'

/** List/watch, get, create, replace, replace status and delete, for every kind; mounted under API_PREFIX. */
export function resourceRoutes(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true })

  const listOrWatch = guard(ctx, (req) => ({
    verb: queryFlag(req.query as Record<string, unknown>, 'watch') ? 'watch' : 'list',
    kind: kindOf(param(req, 'plural')),
  }))
  router.get('/:plural', listOrWatch, async (req, res) => {
    const { kind, verb } = routeRequest(res)
    const query = req.query as Record<string, unknown>
    if (verb === 'watch') return serveWatch(ctx, kind, req, res)
    const filter = objectFilter(kind, query)
    const { items, resourceVersion } = await ctx.store.list(kind)
    await sendList(res, resourceVersion, items.filter(filter))
  })

  const get = guard(ctx, (req) => ({ verb: 'get', kind: kindOf(param(req, 'plural')), name: param(req, 'name') }))
  router.get('/:plural/:name', get, async (req, res) => {
    res.json(await ctx.store.get(routeRequest(res).kind, param(req, 'name')))
  })

  // A write names its object by the URL (or, for a create, by its body) and says whether it is a dry run.
  const write = (verb: 'create' | 'update' | 'update-status' | 'delete') =>
    guard(ctx, (req) => ({
      verb,
      kind: kindOf(param(req, 'plural')),
      name: verb === 'create' ? bodyName(req.body) : param(req, 'name'),
      object: verb === 'delete' ? undefined : req.body,
      dryRun: dryRunFlag(req),
    }))

  router.post('/:plural', write('create'), async (req, res) => {
    const obj = parseBody(req.body, routeRequest(res).kind)
    res.status(201).json(await createObject(ctx, obj, writeRequest(req, res)))
  })

  router.put('/:plural/:name', write('update'), async (req, res) => {
    const obj = parseBody(req.body, routeRequest(res).kind, param(req, 'name'))
    res.json((await replaceObject(ctx, obj, 'declared', writeRequest(req, res))).object)
  })

  router.put('/:plural/:name/status', write('update-status'), async (req, res) => {
    const { kind } = routeRequest(res)
    const obj = parseStatusBody(req.body, kind, param(req, 'name'))
    const write = { ...writeRequest(req, res), taskEvent: taskEventFlag(req, kind) }
    res.json((await replaceObject(ctx, obj, 'status', write)).object)
  })

  router.delete('/:plural/:name', write('delete'), async (req, res) => {
    const { kind } = routeRequest(res)
    const ifVersion = queryVersion(req.query as Record<string, unknown>)
    res.json(await deleteObject(ctx, kind, param(req, 'name'), ifVersion, writeRequest(req, res)))
  })

  return router
}
