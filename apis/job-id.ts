/** @module Job ids: Helios' `name:version:hash` (the hash: job-hash.ts), and the canonical JSON used to compare objects. */
import type { JobSpec } from './job.js'
import { jobHash } from './job-hash.js'

/** Canonical JSON: keys sorted, empty values (undefined, null, "", [], {}) left out, so defaults never shift hashes. */
export function canonicalJson(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined
    return `[${value.map((v) => canonicalJson(v) ?? 'null').join(',')}]`
  }
  if (typeof value === 'object') {
    const parts = Object.keys(value as object)
      .sort()
      .flatMap((k) => {
        const v = canonicalJson((value as Record<string, unknown>)[k])
        return v === undefined ? [] : [`${JSON.stringify(k)}:${v}`]
      })
    return parts.length === 0 ? undefined : `{${parts.join(',')}}`
  }
  return JSON.stringify(value)
}

/** The full id `name:version:hash`. */
export const jobId = (name: string, spec: JobSpec): string => `${name}:${jobHash(name, spec)}`

/** The short form Helios prints: hash truncated to 7. */
export const shortJobId = (id: string): string => {
  const parts = id.split(':')
  return parts.length === 3 ? `${parts[0]}:${parts[1]}:${parts[2]?.slice(0, 7)}` : id
}

/** Splits `name[:version[:hash]]`. */
export function parseJobRef(ref: string): { name: string; version?: string; hash?: string } {
  const [name = '', version, hash] = ref.split(':')
  return { name, version, hash }
}

/** Helios' JobId parse: at most three parts, and a hash not empty when its colon is there; else "Invalid Job id". */
export const isJobIdGiven = (id: string): boolean => {
  const parts = id.split(':')
  return parts.length <= 3 && parts[2] !== ''
}
