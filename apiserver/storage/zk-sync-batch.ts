/** @module SyncBatch: one ZkKindSync drain's changes laid over the watch cache, until they are published at once. */
import type { AnyObject } from '../../apis/index.js'
import type { StoreEvent } from './store.js'
import type { WatchCache } from './watch-cache.js'

const versionOf = (obj: AnyObject): bigint => BigInt(obj.metadata.resourceVersion ?? '0')
const byVersion = (a: StoreEvent, b: StoreEvent): number => {
  const d = versionOf(a.object) - versionOf(b.object)
  return d < 0n ? -1 : d > 0n ? 1 : 0
}
const withVersion = (obj: AnyObject, rv: bigint): AnyObject => ({
  ...obj,
  metadata: { ...obj.metadata, resourceVersion: String(rv) },
})

/** One drain's changes over the cache: what it read and found deleted, and the highest zxid seen. */
export class SyncBatch {
  private readonly events: StoreEvent[] = []
  private readonly overlay = new Map<string, AnyObject | null>()
  maxRv: bigint

  constructor(private readonly cache: WatchCache) {
    this.maxRv = cache.resourceVersion
  }

  known(name: string): AnyObject | undefined {
    return this.overlay.has(name) ? (this.overlay.get(name) ?? undefined) : this.cache.get(name)
  }

  knownNames(): string[] {
    return [...new Set([...this.cache.names(), ...this.overlay.keys()])]
  }

  saw(zxid: bigint): void {
    if (zxid > this.maxRv) this.maxRv = zxid
  }

  read(obj: AnyObject): void {
    const name = obj.metadata.name
    const last = this.known(name)
    const rv = versionOf(obj)
    this.saw(rv)
    if (last && versionOf(last) === rv) return
    this.events.push({ type: last ? 'MODIFIED' : 'ADDED', object: obj })
    this.overlay.set(name, obj)
  }

  deleted(name: string, rv: bigint): void {
    const last = this.known(name)
    if (!last) return
    this.events.push({ type: 'DELETED', object: withVersion(last, rv) })
    this.overlay.set(name, null)
  }

  /** The changes in zxid order (a stable sort: a DELETED and an ADDED of one directory's pzxid keep their order). */
  sortedEvents(): StoreEvent[] {
    return this.events.sort(byVersion)
  }

  /**
   * Moves the changes newer than `version` into a batch of their own, to be published later: this one keeps only
   * what is complete up to `version`. The rest carries its own overlay (each name's newest object or deletion).
   */
  takeAfter(version: bigint): SyncBatch {
    const rest = new SyncBatch(this.cache)
    rest.maxRv = this.maxRv
    const kept = this.sortedEvents().filter((e) => versionOf(e.object) <= version)
    for (const e of this.events.slice(kept.length)) {
      rest.events.push(e)
      rest.overlay.set(e.object.metadata.name, e.type === 'DELETED' ? null : e.object)
    }
    this.events.length = kept.length
    return rest
  }

  /** Everything known after the batch: the initial load's contents. */
  items(): AnyObject[] {
    return this.knownNames()
      .map((name) => this.known(name))
      .filter((o): o is AnyObject => o !== undefined)
  }
}
