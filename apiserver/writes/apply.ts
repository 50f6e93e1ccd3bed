/** @module Server-side apply: create if absent, else replace the declared parts if they differ, else unchanged. */
import { ApiError, type ApplyResult, type HeliosObject, isApiError, isNotFound, KINDS } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { createObject, type WriteRequest } from './create.js'
import { replaceObject } from './replace.js'

const ATTEMPTS = 3

/** Applies one parsed object; a resourceVersion in the manifest is ignored. With req.dryRun nothing is stored. */
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
  for (let attempt = 1; ; attempt++) {
    try {
      const { object, changed } = await replaceObject(ctx, incoming, 'declared', req)
      return { outcome: changed ? 'configured' : 'unchanged', object }
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    try {
      return { outcome: 'created', object: await createObject(ctx, incoming, req) }
    } catch (err) {
      // Someone created it between our read and our create: apply again, now as an update.
      if (!isApiError(err, 'AlreadyExists') || attempt >= ATTEMPTS) throw err
    }
  }
}
