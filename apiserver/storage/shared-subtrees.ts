/** @module SharedSubtrees: one frozen object for all equal copies of a sub-object many objects carry (a Job's spec in each of its Tasks). */
import type { Kind } from '../../apis/index.js'

/**
 * Where a kind's objects carry a copy of something other objects carry too, as paths of keys: each Task holds its
 * Job's spec (so an agent can run it from its local state alone), and 10,000 Tasks of ten Jobs need ten of them.
 */
export const TEMPLATES: Partial<Record<Kind, ReadonlyArray<readonly string[]>>> = {
  Job: [['spec']],
  Task: [['spec', 'jobSpec']],
}

/** Deeper than any stored schema nests: a deeper value is never shared (and never walked). */
const MAX_DEPTH = 64

/**
 * Canonical copies by content, held weakly: a copy no object holds any more is collected, and its entry swept
 * once the table has doubled since the last sweep. Keyed by a hash of the JSON, not the JSON itself (a big Job
 * spec would be held twice); equal hashes of different values are compared, and the later one is simply not shared.
 */
export class SharedSubtrees {
  private readonly byHash = new Map<number, WeakRef<object>>()
  private readonly canonical = new WeakSet<object>()
  private sweepAt = 1024

  /** The one frozen copy equal to `value` (which must be deep-frozen), or `value`, which becomes that copy. */
  share<T extends object>(value: T): T {
    if (this.canonical.has(value)) return value
    let hash: number
    try {
      hash = hashOf(JSON.stringify(value))
    } catch {
      return value // not JSON (too deep to encode): kept apart
    }
    const held = this.byHash.get(hash)?.deref()
    if (held) return equalJson(held, value, 0) ? (held as T) : value
    this.byHash.set(hash, new WeakRef(value))
    this.canonical.add(value)
    if (this.byHash.size >= this.sweepAt) this.sweep()
    return value
  }

  /** Entries (dead ones included until the next sweep). */
  get size(): number {
    return this.byHash.size
  }

  private sweep(): void {
    for (const [hash, ref] of this.byHash) if (!ref.deref()) this.byHash.delete(hash)
    this.sweepAt = Math.max(1024, 2 * this.byHash.size)
  }
}

/** cyrb53: a fast 53-bit string hash (public domain, bryc). */
function hashOf(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Equal as JSON: same keys in the same order, equal values. */
function equalJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || depth > MAX_DEPTH) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  const other = Object.keys(b)
  if (keys.length !== other.length) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  return keys.every((key, i) => key === other[i] && equalJson(x[key], y[key], depth + 1))
}
