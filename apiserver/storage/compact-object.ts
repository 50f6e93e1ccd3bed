/**
 * @module compactObject: the watch cache's frozen copy of a stored object, sharing what it can with what is held
 * already — sub-objects (and strings) equal to the previous version's, and sub-objects copied into many objects.
 */
import { SharedSubtrees } from './shared-subtrees.js'

type Json = Record<string, unknown> | unknown[]
type Paths = readonly (readonly string[])[]

const NO_PATHS: Paths = []

/** Deeper than any stored schema nests; what lies below is frozen as it is instead of copied (and never recursed into). */
const MAX_DEPTH = 32

/** One table for every cache: a Task's jobSpec and its Job's spec are the same object. */
const shared = new SharedSubtrees()

/**
 * A deep-frozen copy of `value` equal to it (same keys in the same order: it serializes to the same JSON), whose
 * sub-objects are `prev`'s wherever they are equal (a status write leaves spec, labels and all shared), and whose
 * `templates` paths (a Task's `spec.jobSpec`) are one object for every equal one held. `value` is left as it is
 * (but for what lies deeper than any schema nests, frozen in place); `prev` must be a result of compactObject.
 */
export function compactObject<T extends object>(value: T, prev?: T, templates: Paths = NO_PATHS): T {
  return compact(value, prev, 0, templates) as T
}

function compact(value: unknown, prev: unknown, depth: number, templates: Paths): unknown {
  // Equal strings: prev's copy is kept and the new one dropped; the very object held: it is compact already.
  if (value === prev) return prev
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return freezeDeep(value)
  const isTemplate = templates.some((path) => path.length === 0)
  const below = (key: string): Paths =>
    templates.length === 0 ? NO_PATHS : templates.filter((p) => p[0] === key).map((p) => p.slice(1))
  const copy = Array.isArray(value)
    ? copyArray(value, Array.isArray(prev) ? prev : undefined, depth)
    : copyRecord(value as Record<string, unknown>, plain(prev), depth, below)
  const result = sameAs(copy, prev) ? (prev as Json) : Object.freeze(copy)
  return isTemplate ? shared.share(result) : result
}

function copyArray(value: unknown[], prev: unknown[] | undefined, depth: number): unknown[] {
  const out: unknown[] = []
  for (let i = 0; i < value.length; i++) out.push(compact(value[i], prev?.[i], depth + 1, NO_PATHS))
  return out
}

function copyRecord(
  value: Record<string, unknown>,
  prev: Record<string, unknown> | undefined,
  depth: number,
  below: (key: string) => Paths,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const child = compact(value[key], prev && Object.hasOwn(prev, key) ? prev[key] : undefined, depth + 1, below(key))
    // A JSON `__proto__` key is an own property, never the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: child, enumerable: true, writable: true })
    else out[key] = child
  }
  return out
}

const plain = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined

/** True when `copy` holds exactly `prev`'s children, under the same keys in the same order. */
function sameAs(copy: Json, prev: unknown): boolean {
  if (prev === null || typeof prev !== 'object' || Array.isArray(copy) !== Array.isArray(prev)) return false
  const keys = Object.keys(copy)
  const prevKeys = Object.keys(prev)
  if (keys.length !== prevKeys.length) return false
  const a = copy as Record<string, unknown>
  const b = prev as Record<string, unknown>
  return keys.every((key, i) => key === prevKeys[i] && a[key] === b[key])
}

/** Freezes a tree of any depth without recursion (an object nested thousands deep must not overflow the stack). */
function freezeDeep<T>(root: T): T {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object' || Object.isFrozen(node)) continue
    Object.freeze(node)
    for (const child of Object.values(node)) stack.push(child)
  }
  return root
}
