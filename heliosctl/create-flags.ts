/** @module Helios' `create` flag values beyond ports and env: volumes, health checks, grace period, expiry, labels. */
import type { HealthCheck } from '../apis/index.js'

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

/** `--http-check PORT_NAME[:PATH]` (PATH defaults to `/`). */
export function parseHttpCheck(spec: string): HealthCheck {
  const colon = spec.indexOf(':')
  const port = colon < 0 ? spec : spec.slice(0, colon)
  const path = colon < 0 ? '/' : spec.slice(colon + 1)
  checkPortName(port, 'PORT_NAME:PATH, e.g. http:/healthz')
  if (!path.startsWith('/')) throw new Error(`path ${path || '""'} must start with "/"`)
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
