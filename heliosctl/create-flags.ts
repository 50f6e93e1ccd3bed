/** @module Helios' `create` flag values beyond ports and env: volumes, health checks, grace period, expiry, rollout options. */
import { type GivenRolloutOptions, type HealthCheck, RolloutOptions } from '../apis/index.js'

const MODES = new Set(['ro', 'rw'])

/**
 * `--volume [HOST:]CONTAINER[:ro|rw]` → one `volumes` entry (`CONTAINER[:mode]` → HOST, `""` = anonymous).
 * A HOST without "/" is a named volume; one with "/" must be absolute, as Helios' validator required.
 */
export function addVolumeSpec(spec: string, volumes: Record<string, string> = {}): Record<string, string> {
  const parts = spec.split(':')
  const mode = parts.length > 1 && MODES.has(parts.at(-1) ?? '') ? parts.pop() : undefined
  if (parts.length > 2 || parts.some((p) => p === ''))
    throw new Error('expected [HOST:]CONTAINER[:ro|rw], e.g. /var/data:/data:ro')
  const [host, container = ''] = parts.length === 2 ? parts : ['', parts[0]]
  if (!container.startsWith('/')) throw new Error(`container path ${container} is not absolute`)
  if (container === '/') throw new Error('the container path cannot be /')
  if (host?.includes('/') && !host.startsWith('/')) throw new Error(`host path ${host} is not absolute`)
  return { ...volumes, [mode ? `${container}:${mode}` : container]: host ?? '' }
}

/** `--http-check PORT_NAME:PATH`, with Helios' messages (HttpHealthCheck): the path is required and absolute. */
export function parseHttpCheck(spec: string): HealthCheck {
  const colon = spec.indexOf(':')
  if (colon < 0) throw new Error(`Invalid HTTP health check: ${spec} (expected PORT_NAME:PATH, e.g. http:/healthz)`)
  const port = spec.slice(0, colon)
  const path = spec.slice(colon + 1)
  checkPortName(port, 'PORT_NAME:PATH, e.g. http:/healthz')
  if (path === '') throw new Error('You must specify a URL path for an HTTP health check.')
  if (!path.startsWith('/')) throw new Error("The path for an HTTP health check must begin with '/'.")
  return { type: 'http', port, path }
}

/** `--tcp-check PORT_NAME`. */
export function parseTcpCheck(spec: string): HealthCheck {
  checkPortName(spec, 'PORT_NAME, e.g. redis')
  return { type: 'tcp', port: spec }
}

/** `--exec-check "CMD ARGS"`: split on spaces, as Helios did. */
export function parseExecCheck(spec: string): HealthCheck {
  const command = spec.split(/\s+/).filter(Boolean)
  if (command.length === 0) throw new Error('expected a command, e.g. "pg_isready -q"')
  return { type: 'exec', command }
}

function checkPortName(port: string, expected: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(port)) throw new Error(`expected ${expected}`)
}

/** `--grace-period SECONDS`: a whole number of seconds, 0 or more. */
export function parseSeconds(text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new Error('expected whole seconds, e.g. 30')
  return n
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** `--expires ISO8601` (a date, or a date and time; UTC unless an offset is given) → an ISO instant. */
export function parseExpires(text: string): string {
  const trimmed = text.trim()
  // A time without a zone is UTC (JavaScript would read it as local time); a date alone already is.
  const zoned = /T[^Z+-]*$/.test(trimmed) ? `${trimmed}Z` : trimmed
  const ms = ISO_DATE.test(trimmed) ? Date.parse(zoned) : Number.NaN
  if (Number.isNaN(ms)) throw new Error('expected an ISO 8601 date or time, e.g. 2030-01-31 or 2030-01-31T12:00:00Z')
  return new Date(ms).toISOString()
}

const ROLLOUT_KEYS = Object.keys(RolloutOptions.shape)

/**
 * `--rollout-options KEY=VALUE` (repeatable), as Helios reads it: "true"/"false" and whole numbers become booleans
 * and numbers (the token stays text). A JSON object of options is taken whole. Unlike Helios, an unknown key is refused.
 */
export function addRolloutOption(spec: string, options: GivenRolloutOptions = {}): GivenRolloutOptions {
  const pairs: [string, unknown][] = spec.trim().startsWith('{') ? Object.entries(jsonObject(spec)) : [keyValue(spec)]
  for (const [key] of pairs)
    if (!ROLLOUT_KEYS.includes(key))
      throw new Error(`unknown rollout option "${key}" (known: ${ROLLOUT_KEYS.join(', ')})`)
  return { ...options, ...Object.fromEntries(pairs) }
}

function keyValue(spec: string): [string, unknown] {
  const eq = spec.indexOf('=')
  if (eq <= 0) throw new Error(`Bad format for rollout_options: '${spec}', expecting =-delimited pairs`)
  const [key, text] = [spec.slice(0, eq), spec.slice(eq + 1)]
  if (key === 'token') return [key, text]
  if (/^(true|false)$/i.test(text)) return [key, text.toLowerCase() === 'true']
  return [key, /^\d+$/.test(text) ? Number(text) : text]
}

function jsonObject(spec: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(spec)
  } catch {
    throw new Error('expected KEY=VALUE or a JSON object of rollout options')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object')
  return value as Record<string, unknown>
}
