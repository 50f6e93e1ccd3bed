/** @module Server-side apply: create if absent, else replace the declared parts if they differ, else unchanged. */
import { ApiError, type ApplyResult, type HeliosObject, isApiError, isNotFound, KINDS } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { createObject, type WriteRequest } from './create.js'
import { replaceObject } from './replace.js'

const ATTEMPTS = 3

/**
 * Applies one parsed object; a resourceVersion in the manifest is ignored. With req.dryRun nothing is stored.
 * An object the watch cache does not hold is created straight away (no ZooKeeper read): the create is atomic, and a
 * refusal the object's own existence could cause (AlreadyExists, Conflict) sends the apply the long way round.
 */
export async function applyObject(
  ctx: WriteContext,
  obj: HeliosObject,
  req: WriteRequest = {},
): Promise<ApplyResult<HeliosObject>> {
  if (!KINDS[obj.kind].userWritable) {
    const message = `${obj.kind} objects are managed by the controllers; apply Jobs, Deployments and Hosts`
    throw new ApiError('Invalid', message, { causes: [{ field: 'kind', message }] })
  }
  const { resourceVersion: _, ...metadata } = obj.metadata
  const incoming = { ...obj, metadata } as HeliosObject
  const unseen = !req.dryRun && ctx.store.peek(incoming.kind, incoming.metadata.name) === undefined
  for (let attempt = unseen ? 0 : 1; ; attempt++) {
    if (attempt > 0) {
      try {
        const { object, changed } = await replaceObject(ctx, incoming, 'declared', req, 'configured')
        return { outcome: changed ? 'configured' : 'unchanged', object }
      } catch (err) {
        if (!isNotFound(err)) throw err
      }
    }
    try {
      return { outcome: 'created', object: await createObject(ctx, incoming, req, 'created') }
    } catch (err) {
      // It exists after all (created meanwhile, or the cache is behind): apply again, now as an update.
      const clash = isApiError(err, 'AlreadyExists') || (attempt === 0 && isApiError(err, 'Conflict'))
      if (!clash || attempt >= ATTEMPTS) throw err
    }
  }
}
