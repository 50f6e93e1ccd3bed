/** @module What diff and the client dry run compare: an object without status and server-set metadata, keys sorted. */
import type { AnyObject } from '../apis/index.js'

/** `obj` without status, uid, resourceVersion, generation and creationTimestamp; object keys sorted at every level. */
export function declaredView(obj: AnyObject): Record<string, unknown> {
  const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, ...metadata } = obj.metadata
  return sortKeys({ apiVersion: obj.apiVersion, kind: obj.kind, metadata, spec: obj.spec }) as Record<string, unknown>
}

/** Whether applying `incoming` would leave `live`'s declared parts as they are. */
export const sameDeclared = (live: AnyObject, incoming: AnyObject): boolean =>
  JSON.stringify(declaredView(live)) === JSON.stringify(declaredView(incoming))

// Key order must not count as a change: the server and a manifest may order env or labels differently.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]))
}
