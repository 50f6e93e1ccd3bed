/** @module WatchCache: one kind's objects, current resourceVersion and recent events; serves list and watch for both stores. */
import type { AnyObject, Kind } from '../../apis/index.js'
import { CachedEvent } from './cached-event.js'
import { compactObject } from './compact-object.js'
import { EventHistory } from './event-history.js'
import { TEMPLATES } from './shared-subtrees.js'
import type { ListResult, StoreEvent } from './store.js'
import { expired, tooNew } from './store-errors.js'

interface Watcher {
  onEvent: (event: StoreEvent) => void
}

const versionOf = (obj: AnyObject): bigint => BigInt(obj.metadata.resourceVersion ?? '0')

/** The retained events' encoded size at most, per kind, besides their number (a few large objects fill it first). */
export const DEFAULT_HISTORY_BYTES = 8 * 1024 * 1024

/** A frozen copy of `obj` sharing what it can with `prev` and with the other objects held (compact-object.ts). */
const compact = (obj: AnyObject, prev?: AnyObject): AnyObject => compactObject(obj, prev, TEMPLATES[obj.kind as Kind])

/**
 * Holds frozen, compact objects (compact-object.ts). Producers call load() once, then apply() events in
 * resourceVersion order. Watchers are called synchronously from apply(), all with the same CachedEvent, whose
 * lines are encoded once for all of them; a watcher that throws is dropped.
 */
export class WatchCache {
  private readonly items = new Map<string, AnyObject>()
  private sorted: AnyObject[] | undefined
  private readonly history: EventHistory
  private readonly watchers = new Set<Watcher>()
  /** Watchers of one value of the kind's index (watch-index.ts): an event reaches only its value's watchers. */
  private readonly keyed = new Map<string, Set<Watcher>>()
  private waiters: Array<{ rv: bigint; resolve: (caughtUp: boolean) => void }> = []
  private rv = 0n
  /** Every event with a version above the horizon is still in the history. */
  private horizon = 0n
  private loaded = false

  constructor(
    readonly plural: string,
    historySize = 1000,
    private readonly indexOf?: (obj: AnyObject) => string | undefined,
    historyBytes = DEFAULT_HISTORY_BYTES,
  ) {
    this.history = new EventHistory(historySize, historyBytes)
  }

  get size(): number {
    return this.items.size
  }

  get isLoaded(): boolean {
    return this.loaded
  }

  get resourceVersion(): bigint {
    return this.rv
  }

  get(name: string): AnyObject | undefined {
    return this.items.get(name)
  }

  /** Sorted by name; the sorted array is kept until the next change (lists of 10,000 Tasks are asked for often). */
  list(): ListResult {
    this.sorted ??= [...this.items.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
    return { items: [...this.sorted], resourceVersion: String(this.rv) }
  }

  /** The names held, unsorted (cheaper than list() for membership checks). */
  names(): IterableIterator<string> {
    return this.items.keys()
  }

  /** Initial contents, as of version `rv`; watches may resume from `rv` on. */
  load(items: AnyObject[], rv: bigint): void {
    this.items.clear()
    this.sorted = undefined
    for (const obj of items) this.items.set(obj.metadata.name, compact(obj))
    this.rv = rv
    this.horizon = rv
    this.loaded = true
    this.wake()
  }

  /** Applies changes; ADDED/MODIFIED are corrected against the current contents, unknown DELETEs skipped. */
  apply(events: StoreEvent[]): void {
    for (const input of events) {
      const name = input.object.metadata.name
      const prevObject = this.items.get(name)
      if (input.type === 'DELETED' && !prevObject) continue
      const object = compact(input.object, prevObject)
      if (input.type === 'DELETED') this.items.delete(name)
      else this.items.set(name, object)
      this.sorted = undefined
      const type = input.type === 'DELETED' ? 'DELETED' : prevObject ? 'MODIFIED' : 'ADDED'
      const event = new CachedEvent(type, object, prevObject)
      const rv = versionOf(object)
      const evicted = this.history.push({ rv, event, bytes: event.bytes })
      if (evicted && evicted.rv > this.horizon) this.horizon = evicted.rv
      if (rv > this.rv) this.rv = rv
      this.deliver(event)
    }
    this.wake()
  }

  /** Moves the version to `rv` when the producer knows nothing else changed up to it. */
  advance(rv: bigint): void {
    if (rv <= this.rv) return
    this.rv = rv
    this.wake()
  }

  /**
   * Replays retained events after `from` (if given), then delivers live ones. Throws Expired for a version older
   * than the history, and Unavailable for one newer than the cache (a watch from the future would silently skip
   * every change up to it; callers wait with waitFor() first when a replica may lag). With `indexValue`
   * (and an index for this kind) only events whose object, or previous object, has that value arrive: a
   * thousand agents each watching their own Tasks cost one lookup per change, not a thousand filters.
   */
  watch(from: bigint | undefined, onEvent: (event: StoreEvent) => void, indexValue?: string): () => void {
    if (from !== undefined && from < this.horizon) throw expired(this.plural, from, this.horizon)
    if (from !== undefined && from > this.rv) throw tooNew(this.plural, from, this.rv)
    const key = this.indexOf ? indexValue : undefined
    const wanted = (e: StoreEvent) => key === undefined || this.keysOf(e).includes(key)
    if (from !== undefined) for (const { event } of this.history.since(from)) if (wanted(event)) onEvent(event)
    // Live events are all newer than what was replayed.
    const watcher: Watcher = { onEvent }
    const set = key === undefined ? this.watchers : this.keyedSet(key)
    set.add(watcher)
    return () => {
      set.delete(watcher)
      if (key !== undefined && set.size === 0) this.keyed.delete(key)
    }
  }

  /** Resolves true once the cache has reached `rv`, or false after `timeoutMs`. */
  waitFor(rv: bigint, timeoutMs: number): Promise<boolean> {
    if (this.rv >= rv) return Promise.resolve(true)
    return new Promise((resolve) => {
      const waiter = {
        rv,
        resolve: (caughtUp: boolean) => {
          clearTimeout(timer)
          resolve(caughtUp)
        },
      }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve(false)
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  /** To the kind's plain watchers and the watchers of the event's index values, never scanning any others. */
  private deliver(event: StoreEvent): void {
    this.deliverTo(this.watchers, event)
    for (const key of this.keysOf(event)) {
      const set = this.keyed.get(key)
      if (set) this.deliverTo(set, event)
    }
  }

  private deliverTo(set: Set<Watcher>, event: StoreEvent): void {
    // A copy: a watcher may cancel itself, or open another, while it is called.
    for (const watcher of [...set]) {
      try {
        watcher.onEvent(event)
      } catch {
        // A broken consumer must not stop delivery to the others; it loses its watch.
        set.delete(watcher)
      }
    }
  }

  /** The index values of an event's object and previous object (a Task moved between hosts reaches both). */
  private keysOf(event: StoreEvent): string[] {
    if (!this.indexOf) return []
    const now = this.indexOf(event.object)
    const before = event.prevObject ? this.indexOf(event.prevObject) : undefined
    if (before === undefined || before === now) return now === undefined ? [] : [now]
    return now === undefined ? [before] : [now, before]
  }

  private keyedSet(key: string): Set<Watcher> {
    const set = this.keyed.get(key) ?? new Set<Watcher>()
    this.keyed.set(key, set)
    return set
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.rv <= this.rv)
    this.waiters = this.waiters.filter((w) => w.rv > this.rv)
    for (const w of ready) w.resolve(true)
  }
}
