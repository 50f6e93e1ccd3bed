/** @module A status write's body: its identity and status, with only status validated (the kind's status schema). */
import type { z } from 'zod'
import {
  API_VERSION,
  ApiError,
  describeObject,
  fromZodError,
  type HeliosObject,
  KINDS,
  type Kind,
  shortName,
} from '../../apis/index.js'
import { parseVersion } from '../storage/store-errors.js'

/**
 * Only `status` (and `metadata.resourceVersion`, for compare-and-set) of the body is used: the stored spec stays as
 * it is. So only status is validated, and an object stored under an older schema (a Task whose image today's
 * grammar refuses) can still have its status reported, e.g. the agent's FAILED.
 */
export function parseStatusBody(body: unknown, kind: Kind, name: string): HeliosObject {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('BadRequest', 'request body must be a JSON object')
  }
  const {
    apiVersion,
    kind: claimed,
    metadata,
    status,
  } = body as {
    apiVersion?: unknown
    kind?: unknown
    metadata?: { name?: unknown; resourceVersion?: unknown }
    status?: unknown
  }
  // The identity is required, as in any object body: a status write names what it is about.
  if (claimed !== kind)
    throw new ApiError('BadRequest', `body kind ${JSON.stringify(claimed ?? null)} does not match the URL (${kind})`)
  if (apiVersion !== API_VERSION) throw new ApiError('BadRequest', `body apiVersion must be "${API_VERSION}"`)
  if (metadata?.name !== name)
    throw new ApiError('BadRequest', `body metadata.name must be the URL name "${shortName(name)}"`)
  const rv = metadata?.resourceVersion
  if (rv !== undefined && typeof rv !== 'string')
    throw new ApiError('BadRequest', 'metadata.resourceVersion is a string')
  if (rv !== undefined) parseVersion(rv, 'metadata.resourceVersion')
  const shape = (KINDS[kind].schema as unknown as { shape: Record<string, z.ZodType | undefined> }).shape
  const schema = shape.status
  if (!schema) throw new ApiError('BadRequest', `${kind} objects have no status`)
  const parsed = schema.safeParse(status)
  if (!parsed.success)
    throw fromZodError(parsed.error, `${describeObject({ kind, metadata: { name } })} status`, 'status')
  const identity = { name, ...(rv !== undefined ? { resourceVersion: rv } : {}) }
  return { apiVersion: API_VERSION, kind, metadata: identity, status: parsed.data } as unknown as HeliosObject
}
