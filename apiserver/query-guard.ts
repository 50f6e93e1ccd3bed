/**
 * @module Query parameters that look like ours but are not (`dryrun`, `DryRun`, `dryRun[]`): refused, because a
 * client that meant a dry run must never get a real delete. Other unknown parameters are left to the routes.
 */
import type { RequestHandler } from 'express'
import { ApiError } from '../apis/index.js'

/** Every query parameter the API reads. */
export const QUERY_PARAMETERS = [
  'dryRun',
  'watch',
  'resourceVersion',
  'labelSelector',
  'fieldSelector',
  'token',
  'set',
  'follow',
  'tailLines',
  'timestamps',
] as const

const byLooks = new Map(QUERY_PARAMETERS.map((name) => [looks(name), name]))

/** A parameter name as it looks to a person: case, brackets, dashes, underscores and spaces aside. */
function looks(name: string): string {
  return name
    .replace(/\[.*$/s, '')
    .replace(/[-_\s]/g, '')
    .toLowerCase()
}

export const queryGuard: RequestHandler = (req, _res, next) => {
  const query = req.url.indexOf('?')
  if (query < 0) return next()
  for (const key of new URLSearchParams(req.url.slice(query + 1)).keys()) {
    const meant = byLooks.get(looks(key))
    if (meant !== undefined && key !== meant) {
      throw new ApiError(
        'BadRequest',
        `query parameter ${JSON.stringify(key.slice(0, 40))} is not "${meant}"; spell it exactly`,
      )
    }
  }
  next()
}
