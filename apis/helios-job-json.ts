/** @module Helios' job JSON (a job file, or `helios inspect --json`) read as Helios reads it, into a Job spec. */
import { ApiError } from './errors.js'
import { JobSpec, type JobSpecInput, Resources } from './job.js'
import { isJobIdGiven } from './job-id.js'
import { HealthCheck, PortMapping } from './port-mapping.js'
import { RolloutOptions } from './rollout-options.js'

/** A Helios job as read: its id's parts (any may be absent), the spec, and the fields Helios would ignore. */
export interface HeliosJob {
  name?: string
  version?: string
  hash?: string
  spec: JobSpecInput
  /** Dotted paths of unknown fields, left out as Helios' `@JsonIgnoreProperties(ignoreUnknown = true)` does. */
  unknownFields: string[]
}

// Set by Helios' master (or part of the id); never part of what the user declares.
const SERVER_FIELDS = ['id', 'created', 'creatingUser', 'hash']

type Known = { [field: string]: Known | 'map' | 'leaf' }
const leaves = (keys: string[], nested: Known = {}): Known => ({
  ...Object.fromEntries(keys.map((k) => [k, 'leaf' as const])),
  ...nested,
})
const map = (entry: Known): Known => ({ '*': entry })

/** The fields Helios knows at each depth ('*' = any key of a map); everything else is reported and left out. */
const KNOWN: Known = leaves([...Object.keys(JobSpec.shape), ...SERVER_FIELDS], {
  ports: map(leaves(Object.keys(PortMapping.shape))),
  registration: map(leaves([], { ports: map(leaves(['tags'])) })),
  healthCheck: leaves(HealthCheck.options.flatMap((o) => Object.keys(o.shape))),
  resources: leaves(Object.keys(Resources.shape)),
  rolloutOptions: leaves(Object.keys(RolloutOptions.shape)),
})

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Drops explicit nulls (absent, to Helios) and unknown fields (noting their paths) down the known structure. */
function known(value: Record<string, unknown>, shape: Known, path: string, unknown: string[]): Record<string, unknown> {
  const out: [string, unknown][] = []
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue
    // Own keys only: `constructor` or `toString` in a file are unknown fields, never Object.prototype's.
    const rule = Object.hasOwn(shape, key) ? shape[key] : Object.hasOwn(shape, '*') ? shape['*'] : undefined
    const at = path ? `${path}.${key}` : key
    if (rule === undefined) unknown.push(at)
    else out.push([key, typeof rule === 'object' && isObject(v) ? known(v, rule, at, unknown) : v])
  }
  // fromEntries keeps a map's `__proto__` key an own key (the schema refuses it by name) rather than the prototype.
  return Object.fromEntries(out)
}

/**
 * `expires` as Jackson reads it, in ISO 8601: a whole number (or a string of digits) is epoch ms; Jackson 2.9 writes a
 * `+0000` offset where ISO 8601 as the schema reads it wants `+00:00`. Whatever JavaScript cannot read is refused.
 */
function heliosExpires(expires: unknown, file: string): string {
  const given = Number.isInteger(expires) ? String(expires) : typeof expires === 'string' ? expires.trim() : ''
  const epochMs = EPOCH_MS.test(given)
  const ms = epochMs ? Number(given) : Date.parse(isoOffset(given))
  if (Number.isNaN(new Date(ms).getTime())) throw new ApiError('BadRequest', `${file}: expires: not a date`)
  return epochMs ? new Date(ms).toISOString() : isoOffset(given)
}
const EPOCH_MS = /^-?\d+$/
const isoOffset = (text: string) => text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')

/** Reads one Helios job object; `file` names it in errors. The spec is not validated here (parse it as a Job). */
export function readHeliosJob(raw: Record<string, unknown>, file: string): HeliosJob {
  const unknownFields: string[] = []
  const fields = known(raw, KNOWN, '', unknownFields)
  const { id, created: _c, creatingUser: _u, hash: _h, ...spec } = fields
  if (id !== undefined && typeof id !== 'string')
    throw new ApiError('BadRequest', `${file}: id must be a string "name:version[:hash]"`)
  // Helios' JobId refuses a fourth part or an empty hash; it could only be dropped here, silently.
  if (id !== undefined && !isJobIdGiven(id)) throw new ApiError('BadRequest', `${file}: id: Invalid Job id: ${id}`)
  const [name, version, hash] = id ? id.split(':') : []
  if (spec.expires !== undefined) spec.expires = heliosExpires(spec.expires, file)
  return { name: name || undefined, version, hash, spec: spec as JobSpecInput, unknownFields }
}

/** Whether a document is a Helios job rather than a manifest: an object without `kind` and `apiVersion`. */
export const isHeliosJobObject = (raw: unknown): raw is Record<string, unknown> =>
  isObject(raw) && !('kind' in raw) && !('apiVersion' in raw)
