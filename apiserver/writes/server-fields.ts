/** @module Fields the server owns: uid, creationTimestamp, generation, resourceVersion; and how PUT merges into the stored object. */
import { randomInt, randomUUID } from 'node:crypto'
import { type AnyObject, eventName, type HeliosObject } from '../../apis/index.js'
import { sameSpec } from './changes.js'

/** A new object as the server stores it: fresh uid and timestamp, generation 1, no resourceVersion yet. */
export function asNewObject(obj: HeliosObject, now: Date): HeliosObject {
  const { resourceVersion: _, ...metadata } = obj.metadata
  return {
    ...obj,
    metadata: { ...metadata, uid: randomUUID(), creationTimestamp: now.toISOString(), generation: 1 },
  } as HeliosObject
}

/** The stored object with spec, labels and annotations taken from `incoming`; generation counts spec changes. */
export function withDeclared(current: HeliosObject, incoming: HeliosObject): HeliosObject {
  const generation = (current.metadata.generation ?? 1) + (sameSpec(current, incoming) ? 0 : 1)
  const metadata = {
    ...current.metadata,
    labels: incoming.metadata.labels,
    annotations: incoming.metadata.annotations,
    generation,
  }
  return { ...current, metadata, spec: (incoming as AnyObject).spec } as HeliosObject
}

/** The stored object with only its status replaced. */
export function withStatus(current: HeliosObject, incoming: HeliosObject): HeliosObject {
  const status = (incoming as AnyObject).status
  const next = { ...current, status } as AnyObject
  if (status === undefined) delete next.status
  return next as HeliosObject
}

/**
 * The name of an Event the apiserver writes about `involvedName` at `epochMs`, its suffix from a cryptographic source:
 * Math.random's sequence can be learned from the names it made, and a name guessed ahead fails the write it rides with.
 */
export const serverEventName = (involvedName: string, epochMs: number): string =>
  eventName(involvedName, epochMs, () => randomInt(2 ** 40) / 2 ** 40)
