/** @module Reading a request: the kind from the URL's plural, a body parsed by apis/, flags from the query. */

import type { Request, Response } from 'express'
import {
  ALL_KINDS,
  ApiError,
  type HeliosObject,
  KINDS,
  type Kind,
  kindFromPlural,
  parseObject,
} from '../../apis/index.js'
import { auditIntentOf } from '../audit.js'
import { requestUser, routeRequest } from '../auth/guard.js'
import { TOKEN_HEADER } from '../rules/job-token.js'
import { queryString } from '../selectors/object-filter.js'
import { parseVersion } from '../storage/store-errors.js'
import type { WriteRequest } from '../writes/create.js'

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
 * `?event=true` on a Task status write: store the TaskState Event of the new status in the same transaction
 * (writes/task-state-event.ts), instead of a second request and write. Refused on other kinds' status.
 */
export function taskEventFlag(req: Pick<Request, 'query'>, kind: Kind): boolean {
  const query = req.query as Record<string, unknown>
  if (query.event !== undefined && queryString(query, 'event') === '')
    throw new ApiError('BadRequest', 'event needs a value: true or false')
  const wanted = queryFlag(query, 'event')
  if (wanted && kind !== 'Task') throw new ApiError('BadRequest', 'event=true is for Task status writes only')
  return wanted
}

/** `?dryRun=true|1|All` (All is Kubernetes' spelling) → true; absent, `false` or `0` → false; else 400. */
export function dryRunFlag(req: Pick<Request, 'query'>): boolean {
  const query = req.query as Record<string, unknown>
  const value = queryString(query, 'dryRun')
  // Present but empty (`?dryRun`, `?dryRun=`) asks for something: never read it as "no".
  if (value === '' && query.dryRun !== undefined)
    throw new ApiError('BadRequest', 'dryRun needs a value: true, 1 or All')
  return value === 'All' || queryFlag(query, 'dryRun')
}

/** A path parameter of the matched route (`:name`), as the router decoded it. */
export function param(req: Pick<Request, 'params'>, name: string): string {
  const value = (req.params as Record<string, unknown>)[name]
  if (typeof value !== 'string') throw new ApiError('BadRequest', `the path has no ${name}`)
  return value
}

/** `metadata.name` of a request body, when it has one. */
export function bodyName(body: unknown): string | undefined {
  const name = (body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name
  return typeof name === 'string' ? name : undefined
}

/** What a guarded write route hands its write: the dry-run flag its guard read, the Job token and the writer. */
export function writeRequest(req: Request, res: Response): WriteRequest {
  const user = requestUser(res)
  const audit = auditIntentOf(res)
  return { dryRun: routeRequest(res).dryRun === true, token: requestToken(req), client: { user }, audit }
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
