/**
 * @module compactObject: a stored object as the watch cache holds it, deep-frozen and sharing what it can with what
 * is held already — sub-objects (and strings) equal to the previous version's, and sub-objects copied into many objects.
 */
import { SharedSubtrees } from './shared-subtrees.js'

type Paths = readonly (readonly string[])[]

const NO_PATHS: Paths = []

/** Deeper than any stored schema nests; what lies below is frozen as it is (and never recursed into). */
const MAX_DEPTH = 32

/** One table for every cache: a Task's jobSpec and its Job's spec are the same object. */
const shared = new SharedSubtrees()

/**
 * `value`, deep-frozen, with each sub-object replaced by `prev`'s where they are equal (same keys in the same order,
 * so the JSON is the same: a status write leaves spec, labels and all shared), and its `templates` paths (a Task's
 * `spec.jobSpec`) by the one object held for every equal one; `prev` itself when all of it is equal. The cache owns
 * what it is given, as when it froze it: `value` is changed in place, since a copy would cost more than it saves
 * (JSON.parse lays objects out tighter than adding their properties one by one). Frozen sub-objects are taken as
 * deep-frozen and kept; `prev` must be a result of compactObject.
 */
export function compactObject<T extends object>(value: T, prev?: T, templates: Paths = NO_PATHS): T {
  return compact(value, prev, 0, templates) as T
}

function compact(value: unknown, prev: unknown, depth: number, templates: Paths): unknown {
  // Equal strings: prev's copy is kept and the new one dropped; the very object held: it is compact already.
  if (value === prev) return prev
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  if (depth >= MAX_DEPTH) return freezeDeep(value)
  const node = value as Record<string, unknown>
  const before = prev !== null && typeof prev === 'object' ? (prev as Record<string, unknown>) : undefined
  const arrays = Array.isArray(value) === Array.isArray(prev)
  for (const key of Object.keys(node)) {
    const old = before && arrays && Object.hasOwn(before, key) ? before[key] : undefined
    const child = compact(node[key], old, depth + 1, templates.length === 0 ? NO_PATHS : below(templates, key))
    if (child === node[key]) continue
    // A JSON `__proto__` key is an own property: define it, never assign (which could reach the prototype).
    if (key === '__proto__') Object.defineProperty(node, key, { value: child })
    else node[key] = child
  }
  const result = sameAs(node, before, arrays) ? (prev as object) : Object.freeze(node)
  return templates.some((path) => path.length === 0) ? shared.share(result) : result
}

const below = (templates: Paths, key: string): Paths =>
  templates.filter((path) => path[0] === key).map((path) => path.slice(1))

/** True when `node` holds exactly `prev`'s children, under the same keys in the same order. */
function sameAs(node: Record<string, unknown>, prev: Record<string, unknown> | undefined, arrays: boolean): boolean {
  if (!prev || !arrays) return false
  const keys = Object.keys(node)
  const prevKeys = Object.keys(prev)
  return keys.length === prevKeys.length && keys.every((key, i) => key === prevKeys[i] && node[key] === prev[key])
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
