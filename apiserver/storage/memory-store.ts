/** @module MemoryStore: a complete in-memory Store (unit tests, dev mode); a counter is the resourceVersion. */
import { ALL_KINDS, type AnyObject, KINDS, type Kind } from '../../apis/index.js'
import type {
  LeaderElection,
  LeaderHandlers,
  ListResult,
  Readiness,
  Store,
  StoreEvent,
  WatchOptions,
  WriteOptions,
} from './store.js'
import { alreadyExists, conflict, notFound, parseVersion } from './store-errors.js'
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
export class MemoryStore implements Store, LeaderElection {
  private readonly caches = new Map<Kind, WatchCache>()
  private counter = 0n

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

  async create(obj: AnyObject): Promise<AnyObject> {
    const kind = obj.kind as Kind
    if (this.cache(kind).get(obj.metadata.name)) throw alreadyExists(kind, obj.metadata.name)
    return this.write({ type: 'ADDED', object: withVersion(obj, ++this.counter) })
  }

  async update(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    this.current(obj.kind as Kind, obj.metadata.name, opts)
    return this.write({ type: 'MODIFIED', object: withVersion(obj, ++this.counter) })
  }

  async delete(kind: Kind, name: string, opts: WriteOptions = {}): Promise<AnyObject> {
    const last = this.current(kind, name, opts)
    this.write({ type: 'DELETED', object: withVersion(last, ++this.counter) })
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
