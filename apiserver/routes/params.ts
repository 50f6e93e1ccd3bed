/** @module Reading a request: the kind from the URL's plural, a body parsed by apis/, flags from the query. */

import type { Request } from 'express'
import {
  ALL_KINDS,
  ApiError,
  type HeliosObject,
  KINDS,
  type Kind,
  kindFromPlural,
  parseObject,
} from '../../apis/index.js'
import { TOKEN_HEADER } from '../rules/job-token.js'
import { queryString } from '../selectors/object-filter.js'
import { parseVersion } from '../storage/store-errors.js'

/** The kind served under `/apis/helios/v1/<plural>`; unknown plurals are 404. */
export function kindOf(plural: string): Kind {
  const kind = kindFromPlural(plural)
  if (kind) return kind
  const known = ALL_KINDS.map((k) => KINDS[k].plural).join(', ')
  throw new ApiError('NotFound', `unknown resource "${plural}" (known: ${known})`)
}

/** Validates a body with parseObject; its kind (and name, for PUT) must match the URL. */
export function parseBody(body: unknown, kind: Kind, name?: string): HeliosObject {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('BadRequest', 'request body must be a JSON object')
  }
  const claimed = (body as { kind?: unknown }).kind
  if (typeof claimed === 'string' && claimed !== kind) {
    throw new ApiError('BadRequest', `body kind "${claimed}" does not match the URL, which serves ${kind}`)
  }
  const obj = parseObject(body)
  const rv = obj.metadata.resourceVersion
  if (rv !== undefined) parseVersion(rv, 'metadata.resourceVersion')
  if (name !== undefined && obj.metadata.name !== name) {
    throw new ApiError('BadRequest', `body metadata.name "${obj.metadata.name}" does not match the URL name "${name}"`)
  }
  return obj
}

/** `?flag=true|1` → true; absent, `false` or `0` → false; anything else is a bad request. */
export function queryFlag(query: Record<string, unknown>, name: string): boolean {
  const value = queryString(query, name)
  if (value === '' || value === 'false' || value === '0') return false
  if (value === 'true' || value === '1') return true
  throw new ApiError('BadRequest', `${name} must be true or false, got "${value}"`)
}

/**
 * The Job token a request carries: header `Helios-Token: T` or `?token=T` (they must agree when both are
 * given); undefined when neither is. See rules/job-token.ts.
 */
export function requestToken(req: Request): string | undefined {
  const header = req.get(TOKEN_HEADER)
  const query = (req.query as Record<string, unknown>).token
  if (query !== undefined && typeof query !== 'string') throw new ApiError('BadRequest', 'token must be given once')
  if (header !== undefined && query !== undefined && header !== query) {
    throw new ApiError('BadRequest', `the ${TOKEN_HEADER} header and ?token= differ; give one`)
  }
  return header ?? query
}

/** `?resourceVersion=N`, validated; undefined when absent. */
export function queryVersion(query: Record<string, unknown>): string | undefined {
  const value = queryString(query, 'resourceVersion')
  if (value === '') return undefined
  parseVersion(value)
  return value
}
