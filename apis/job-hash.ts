/** @module Helios' job hash: SHA-1 over the JSON Helios' master hashes (Job.java `Builder.build`, Json.sha1digest). */
import { sha1 } from '@noble/hashes/legacy.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { JobSpec } from './job.js'

type Fields = Record<string, unknown>

const hex = (s: string) => bytesToHex(sha1(utf8ToBytes(s)))

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)

/**
 * A Java object's properties as Jackson writes them with NON_EMPTY inclusion: null, "", [] and {} left out. `objects`
 * names properties holding a Java object rather than a map, which only null leaves out (an empty object stays `{}`).
 */
function properties(fields: Fields, objects: readonly string[] = []): Fields {
  return Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => (objects.includes(k) ? v !== undefined && v !== null : !isEmpty(v))),
  )
}

const mapValues = <T>(map: Record<string, T> | undefined, f: (v: T) => unknown): Fields | undefined =>
  map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]))

/** Java's `String.hashCode`, spread as `HashMap.hash` does. */
function javaHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h ^ (h >>> 16)
}

/**
 * A JSON array read into a Java `HashSet` (as Jackson reads Helios' capability sets), in the order the set iterates:
 * by bucket, then by insertion within one. The table doubles from 16 buckets while more than 3/4 full.
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)]
  let buckets = 16
  while (unique.length > buckets * 0.75) buckets *= 2
  const bucket = (s: string) => javaHash(s) & (buckets - 1)
  return unique
    .map((s, i) => ({ s, i, b: bucket(s) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map(({ s }) => s)
}

/** A date as Jackson 2.9's StdDateFormat writes it (Helios 0.9's Jackson): `2014-06-01T12:00:00.000+0000`. */
function jacksonDate(iso: string | undefined): string | undefined {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace('Z', '+0000') // unparseable: hashed as written
}

/** The fields of Helios' `Job.Builder.Parameters` (plus this project's own) that the master hashes. */
function hashedFields(name: string, version: string, spec: JobSpec): Fields {
  const { registration, rolloutOptions, resources, healthCheck, addCapabilities, dropCapabilities, ...rest } = spec
  const ports = mapValues(spec.ports, (p) => properties({ ...p }))
  const services = mapValues(registration, (s) => properties({ ports: mapValues(s.ports, (p) => ({ ...p })) }))
  const pojos = { resources, healthCheck, rolloutOptions }
  return properties(
    {
      ...rest,
      name,
      version,
      ports,
      registration: services,
      expires: jacksonDate(spec.expires),
      addCapabilities: javaHashSetOrder(addCapabilities),
      dropCapabilities: javaHashSetOrder(dropCapabilities),
      ...mapValues(pojos, (p) => p && properties({ ...p })),
    },
    Object.keys(pojos),
  )
}

/** JSON with object keys sorted at every depth (Jackson's ORDER_MAP_ENTRIES_BY_KEYS), escaping as Jackson does. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Fields)[k] !== undefined)
    return `{${keys
      .sort()
      .map((k) => `${sortedJson(k)}:${sortedJson((value as Fields)[k])}`)
      .join(',')}}`
  }
  // Jackson writes control characters as \u00XX with upper-case hex; JSON.stringify uses lower case.
  return (JSON.stringify(value) ?? 'null').replace(/\\u00([0-9a-f]{2})/g, (_, h: string) => `\\u00${h.toUpperCase()}`)
}

/** The normalized JSON Helios' master takes the SHA-1 of (`created` and `creatingUser` are never part of it). */
export const hashedJobJson = (name: string, version: string, spec: JobSpec): string =>
  sortedJson(hashedFields(name, version, spec))

/**
 * The 40-hex hash of the Job `nameVersion` ("name:version"): SHA-1 of `name:version:` + SHA-1 of hashedJobJson, so a
 * Helios job file gets the hash Helios gave it. Fields left empty are not hashed, so new optional fields never move
 * the hash of Jobs without them (Helios PR #1075).
 */
export function jobHash(nameVersion: string, spec: JobSpec): string {
  const [name = '', version = ''] = nameVersion.split(':')
  return hex(`${name}:${version}:${hex(hashedJobJson(name, version, spec))}`)
}
