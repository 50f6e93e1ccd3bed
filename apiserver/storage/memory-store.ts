/** @module MemoryStore: a complete in-memory Store (unit tests, dev mode); a counter is the resourceVersion. */
import { ALL_KINDS, type AnyObject, KINDS, type Kind } from '../../apis/index.js'
import { holderOf, holdingKey, holdingsDiff, splitHoldingKey } from './holdings.js'
import {
  type Alongside,
  type Holdings,
  type LeaderElection,
  type LeaderHandlers,
  type ListResult,
  type MasterRecord,
  type MasterRegistry,
  type MasterView,
  NO_HOLDINGS,
  type Readiness,
  type Store,
  type StoreEvent,
  type WatchOptions,
  type WriteOptions,
} from './store.js'
import {
  alreadyExists,
  claimHeld,
  conflict,
  notFound,
  parseVersion,
  referenceGone,
  stillReferred,
} from './store-errors.js'
import { WatchCache } from './watch-cache.js'
import { WATCH_INDEX } from './watch-index.js'

export interface MemoryStoreOptions {
  /** Events kept per kind for watches resuming from a version (default 1000). */
  historySize?: number
}

const withVersion = (obj: AnyObject, rv: bigint): AnyObject => {
  const copy = structuredClone(obj)
  copy.metadata.resourceVersion = String(rv)
  return copy
}

/** Every kind lives in a WatchCache; writes are synchronous, so the store is trivially consistent. */
export class MemoryStore implements Store, LeaderElection, MasterRegistry {
  private readonly masters = new Map<string, MasterView>()

  private readonly caches = new Map<Kind, WatchCache>()
  private counter = 0n
  /** What each object holds (WriteOptions.holds), by holding key. */
  private readonly holdings = new Map<string, Holdings>()
  /** Who refers to each object, and who holds each claim. */
  private readonly referrers = new Map<string, Set<string>>()
  private readonly claims = new Map<string, string>()

  constructor(opts: MemoryStoreOptions = {}) {
    for (const kind of ALL_KINDS) {
      const cache = new WatchCache(KINDS[kind].plural, opts.historySize, WATCH_INDEX[kind]?.valueOf)
      cache.load([], 0n)
      this.caches.set(kind, cache)
    }
  }

  async get(kind: Kind, name: string): Promise<AnyObject> {
    const found = this.cache(kind).get(name)
    if (!found) throw notFound(kind, name)
    return structuredClone(found)
  }

  async list(kind: Kind): Promise<ListResult> {
    return this.cache(kind).list()
  }

  async create(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    const kind = obj.kind as Kind
    if (this.cache(kind).get(obj.metadata.name)) throw alreadyExists(kind, obj.metadata.name)
    const others = this.checkAlongside(opts.alongside ?? [])
    this.checkEvents(opts.events ?? [])
    this.atomically(() => {
      for (const { object, holds } of others) this.hold(holdingKey(object.kind, object.metadata.name), holds)
      this.hold(holdingKey(kind, obj.metadata.name), opts.holds ?? NO_HOLDINGS)
    })
    for (const { object } of others) this.write({ type: 'MODIFIED', object: withVersion(object, ++this.counter) })
    const created = this.write({ type: 'ADDED', object: withVersion(obj, ++this.counter) })
    this.writeEvents(opts)
    return created
  }

  async update(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    this.current(obj.kind as Kind, obj.metadata.name, opts)
    const others = this.checkAlongside(opts.alongside ?? [])
    this.checkEvents(opts.events ?? [])
    this.atomically(() => {
      for (const { object, holds } of others) this.hold(holdingKey(object.kind, object.metadata.name), holds)
      if (opts.holds) this.hold(holdingKey(obj.kind, obj.metadata.name), opts.holds)
    })
    for (const { object } of others) this.write({ type: 'MODIFIED', object: withVersion(object, ++this.counter) })
    const updated = this.write({ type: 'MODIFIED', object: withVersion(obj, ++this.counter) })
    this.writeEvents(opts)
    return updated
  }

  /** Events a write creates (WriteOptions.events) must all be new: checked before anything changes. */
  private checkEvents(events: readonly AnyObject[]): void {
    const names = new Set<string>()
    for (const event of events) {
      const { name } = event.metadata
      if (names.has(name) || this.cache(event.kind as Kind).get(name)) throw alreadyExists(event.kind, name)
      names.add(name)
    }
  }

  /** Stores the Events a write carries, then trims the ones named (those gone already skipped). */
  private writeEvents(opts: WriteOptions): void {
    for (const event of opts.events ?? []) {
      this.write({ type: 'ADDED', object: withVersion(event, ++this.counter) })
    }
    for (const name of opts.trimEvents ?? []) {
      const last = this.cache('Event').get(name)
      if (!last || (this.referrers.get(holdingKey('Event', name))?.size ?? 0) > 0) continue
      this.holdings.delete(holdingKey('Event', name))
      this.write({ type: 'DELETED', object: withVersion(last, ++this.counter) })
    }
  }

  /** Alongside objects must be stored at the version they carry (compare-and-set). */
  private checkAlongside(alongside: readonly Alongside[]): readonly Alongside[] {
    for (const { object } of alongside) {
      this.current(object.kind as Kind, object.metadata.name, { ifVersion: object.metadata.resourceVersion ?? '' })
    }
    return alongside
  }

  /** Runs holding changes all or none: a later refusal puts back what earlier ones changed. */
  private atomically(change: () => void): void {
    const holdings = new Map(this.holdings)
    const referrers = new Map([...this.referrers].map(([k, v]) => [k, new Set(v)]))
    const claims = new Map(this.claims)
    try {
      change()
    } catch (err) {
      this.restore(this.holdings, holdings)
      this.restore(this.referrers, referrers)
      this.restore(this.claims, claims)
      throw err
    }
  }

  private restore<K, V>(target: Map<K, V>, saved: Map<K, V>): void {
    target.clear()
    for (const [k, v] of saved) target.set(k, v)
  }

  async delete(kind: Kind, name: string, opts: WriteOptions = {}): Promise<AnyObject> {
    const last = this.current(kind, name, opts)
    const key = holdingKey(kind, name)
    const by = [...(this.referrers.get(key) ?? [])]
    if (by.length > 0) throw stillReferred(kind, name, by.map(holderOf))
    this.checkEvents(opts.events ?? [])
    this.hold(key, NO_HOLDINGS)
    this.holdings.delete(key)
    this.write({ type: 'DELETED', object: withVersion(last, ++this.counter) })
    this.writeEvents(opts)
    return structuredClone(last)
  }

  peek(kind: Kind, name: string): AnyObject | undefined {
    return this.cache(kind).get(name)
  }

  currentVersion(kind: Kind): string {
    return String(this.cache(kind).resourceVersion)
  }

  waitForVersion(kind: Kind, version: string, timeoutMs: number): Promise<boolean> {
    return this.cache(kind).waitFor(parseVersion(version), timeoutMs)
  }

  watch(
    kind: Kind,
    from: string | undefined,
    onEvent: (event: StoreEvent) => void,
    opts: WatchOptions = {},
  ): () => void {
    return this.cache(kind).watch(from === undefined ? undefined : parseVersion(from), onEvent, opts.indexValue)
  }

  /** One process, one store: every candidate is elected at once (and never deposed). */
  campaign(_identity: string, handlers: LeaderHandlers): () => Promise<void> {
    let resigned = false
    queueMicrotask(() => resigned || handlers.onElected())
    return async () => {
      resigned = true
    }
  }

  /** Announced masters stay listed; withdrawn ones are down, as in ZooKeeper. */
  announce(master: MasterRecord): () => Promise<void> {
    this.masters.set(master.name, { ...master, up: true })
    return async () => {
      this.masters.set(master.name, { ...master, up: false })
    }
  }

  async listMasters(): Promise<MasterView[]> {
    return [...this.masters.values()].sort((a, b) => a.name.localeCompare(b.name))
  }

  readiness(): Readiness {
    return { ready: true }
  }

  async close(): Promise<void> {}

  private current(kind: Kind, name: string, opts: WriteOptions): AnyObject {
    const found = this.cache(kind).get(name)
    if (!found) throw notFound(kind, name)
    if (opts.ifVersion !== undefined && opts.ifVersion !== found.metadata.resourceVersion) throw conflict(kind, name)
    return found
  }

  /** Makes `owner` hold `next` instead of what it held: everything is checked before anything changes. */
  private hold(owner: string, next: Holdings): void {
    const { addedRefs, removedRefs, addedClaims, removedClaims } = holdingsDiff(
      this.holdings.get(owner) ?? NO_HOLDINGS,
      next,
    )
    for (const ref of addedRefs) {
      const { kind, name } = splitHoldingKey(ref)
      if (!this.cache(kind).get(name)) throw referenceGone(kind, name)
    }
    for (const claim of addedClaims) {
      const holder = this.claims.get(claim)
      if (holder !== undefined && holder !== owner) throw claimHeld(claim, holderOf(holder))
    }
    for (const ref of removedRefs) this.referrers.get(ref)?.delete(owner)
    for (const ref of addedRefs) this.referrers.set(ref, (this.referrers.get(ref) ?? new Set()).add(owner))
    for (const claim of removedClaims) this.claims.delete(claim)
    for (const claim of addedClaims) this.claims.set(claim, owner)
    this.holdings.set(owner, next)
  }

  private write(event: StoreEvent): AnyObject {
    const result = structuredClone(event.object)
    this.cache(event.object.kind as Kind).apply([event])
    return result
  }

  private cache(kind: Kind): WatchCache {
    const cache = this.caches.get(kind)
    if (!cache) throw new TypeError(`unknown kind ${kind}`)
    return cache
  }
}
