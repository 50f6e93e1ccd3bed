/** @module What diff and the client dry run compare: an object without status and server-set metadata, keys sorted. */
import type { AnyObject } from '../apis/index.js'
import { sortKeys } from './print/sorted-keys.js'

/**
 * `obj` without status, uid, resourceVersion, generation and creationTimestamp; object keys sorted at every level,
 * so key order never counts as a change (the server and a manifest may order env or labels differently).
 */
export function declaredView(obj: AnyObject): Record<string, unknown> {
  const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, ...metadata } = obj.metadata
  return sortKeys({ apiVersion: obj.apiVersion, kind: obj.kind, metadata, spec: obj.spec }) as Record<string, unknown>
}

/** Whether applying `incoming` would leave `live`'s declared parts as they are. */
export const sameDeclared = (live: AnyObject, incoming: AnyObject): boolean =>
  JSON.stringify(declaredView(live)) === JSON.stringify(declaredView(incoming))
