/** @module What counts as a change: specs, labels, annotations and status compared canonically (defaults and key order ignored). */
import { type AnyObject, canonicalJson } from '../../apis/index.js'

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b)

export const sameSpec = (a: AnyObject, b: AnyObject): boolean => same(a.spec, b.spec)

export const sameStatus = (a: AnyObject, b: AnyObject): boolean => same(a.status, b.status)

/** The user-declared parts: spec, labels and annotations. */
export const sameDeclared = (a: AnyObject, b: AnyObject): boolean =>
  sameSpec(a, b) && same(a.metadata.labels, b.metadata.labels) && same(a.metadata.annotations, b.metadata.annotations)
