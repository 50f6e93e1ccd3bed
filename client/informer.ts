/** @module Informer: lists then watches one kind into an indexed read-only cache, resuming watches where they broke. */
import type { Kind, ObjectOf } from '../apis/index.js'
import { Backoff, type BackoffPolicy } from './backoff.js'
import { type Clock, realClock } from './clock.js'
import type { HeliosClient, ListOptions } from './http-client.js'
import { Indexer, type IndexFunc } from './indexer.js'
import { deepFreeze, streamEvents, watchRetry } from './informer-watch.js'
import { errorMessage, type Log } from './reconcile-loop.js'

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED'

/**
 * Called on every change: `old` is the cached object before it (undefined on ADDED); on DELETED `obj` is the last state
 * known of the object (the deletion's, or the cached one when a relist found it gone) and `old` the cached one.
 */
export type ChangeHandler<T> = (obj: T, old: T | undefined, type: ChangeType) => void
/** Whether a change is worth a handler's call (controller-runtime's predicates); cheap, no side effects. */
export type ChangePredicate<T> = (obj: T, old: T | undefined, type: ChangeType) => boolean

/** What an informer needs of the client: a wrapper may observe its lists and watches (the dashboard does). */
export type InformerClient = Pick<HeliosClient, 'list' | 'watch'>

/** Retries of lists and watches: 0.5 s doubling to 10 s, jittered (client/backoff.ts). */
export const INFORMER_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 10_000 }

/**
 * Objects handed out are frozen: they are shared by every reader of the cache and must never be modified (copy
 * first). Handlers only map objects to keys. A watch that breaks or that the server ends resumes from the last
 * resourceVersion seen (an event's or a BOOKMARK's); only a version the server no longer has (410 Expired) or has not
 * reached yet (ResourceVersionTooLarge, client-go's rule) lists again.
 */
export class Informer<K extends Kind> {
  private readonly cache = new Indexer<ObjectOf<K>>()
  private readonly handlers: Array<{ handler: ChangeHandler<ObjectOf<K>>; when?: ChangePredicate<ObjectOf<K>> }> = []
  private synced = false
  private syncWaiters: Array<() => void> = []
  /** Where the next watch starts; undefined: list first. */
  private resourceVersion: string | undefined

  constructor(
    private readonly client: InformerClient,
    readonly kind: K,
    private readonly opts: ListOptions & { log: Log; clock?: Clock; random?: () => number } = { log: () => {} },
  ) {}

  /** Calls `handler` on every change, or only on those `when` accepts. */
  onChange(handler: ChangeHandler<ObjectOf<K>>, when?: ChangePredicate<ObjectOf<K>>): this {
    this.handlers.push(when ? { handler, when } : { handler })
    return this
  }

  /** Files every object under the values `fn` derives, for `byIndex(name, value)`; register before `run`. */
  addIndexer(name: string, fn: IndexFunc<ObjectOf<K>>): this {
    this.cache.addIndexer(name, fn)
    return this
  }

  get(name: string): ObjectOf<K> | undefined {
    return this.cache.get(name)
  }

  list(): ObjectOf<K>[] {
    return this.cache.list()
  }

  /** The cached objects filed under `value` in index `name`, without looking at the rest of the cache. */
  byIndex(name: string, value: string): ObjectOf<K>[] {
    return this.cache.byIndex(name, value)
  }

  hasSynced(): boolean {
    return this.synced
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve()
    return new Promise((resolve) => this.syncWaiters.push(resolve))
  }

  /** Runs until `signal` aborts: lists, then watches, resuming or relisting as the server answers. */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.opts.clock ?? realClock
    const backoff = new Backoff(INFORMER_BACKOFF, this.opts.random)
    while (!signal.aborted) {
      const attempt = { listed: false, received: false }
      let relistAtOnce = false
      try {
        await this.listAndWatch(attempt, backoff, signal)
        // The server ended the stream (a restart, a timeout): resume from where it was, after a jittered pause.
      } catch (err) {
        if (signal.aborted) break
        const retry = watchRetry(err)
        if (retry.relist) this.resourceVersion = undefined
        // Expired lists again at once, unless the watch it ended had just listed (a server stuck answering 410).
        relistAtOnce = retry.relistAtOnce && !attempt.listed
        const level = backoff.failures >= 3 ? 'warn' : 'debug'
        this.opts.log(level, `informer ${this.kind}: ${errorMessage(err)}; ${retry.relist ? 'relisting' : 'resuming'}`)
      }
      if (attempt.received) backoff.succeeded()
      if (!relistAtOnce) await backoff.wait(clock, signal)
    }
  }

  /** Lists when there is no version to resume from, then follows one watch stream until it ends or breaks. */
  private async listAndWatch(attempt: { listed: boolean; received: boolean }, backoff: Backoff, signal: AbortSignal) {
    if (this.resourceVersion === undefined) {
      this.resourceVersion = await this.relist()
      this.lastFromEvent = false
      attempt.listed = true
      backoff.succeeded()
    }
    const resourceVersion = this.lastFromEvent ? versionBefore(this.resourceVersion) : this.resourceVersion
    const opts = { ...this.selectors(), resourceVersion, signal }
    for await (const event of streamEvents(this.client.watch(this.kind, opts))) {
      attempt.received = true
      if (event.type === 'BOOKMARK') {
        this.resourceVersion = event.resourceVersion
        this.lastFromEvent = false
      } else if (event.type === 'DELETED') this.remove(event.object)
      else this.store(event.object)
    }
  }

  private async relist(): Promise<string> {
    const list = await this.client.list(this.kind, this.selectors())
    const seen = new Set<string>()
    for (const item of list.items) {
      seen.add(item.metadata.name)
      this.store(item)
    }
    for (const name of [...this.cache.names()]) {
      const gone = seen.has(name) ? undefined : this.cache.get(name)
      if (gone) this.remove(gone)
    }
    if (!this.synced) {
      this.synced = true
      for (const waiter of this.syncWaiters.splice(0)) waiter()
    }
    return list.metadata.resourceVersion
  }

  /**
   * Whether `resourceVersion` is an event's rather than a list's or a BOOKMARK's. Objects written in one ZooKeeper
   * transaction share its version, so a stream cut between two of them would, resumed from that version, never
   * send the second: a resume from an event's version asks for the one before it and skips what it already holds.
   */
  private lastFromEvent = false

  private selectors(): ListOptions {
    const { labelSelector, fieldSelector } = this.opts
    return { ...(labelSelector && { labelSelector }), ...(fieldSelector && { fieldSelector }) }
  }

  private store(obj: ObjectOf<K>): void {
    this.resourceVersion = obj.metadata.resourceVersion ?? this.resourceVersion
    this.lastFromEvent = true
    const cached = this.cache.get(obj.metadata.name)
    if (cached && cached.metadata.resourceVersion === obj.metadata.resourceVersion) return
    const frozen = deepFreeze(obj)
    const old = this.cache.put(frozen)
    this.notify(frozen, old, old ? 'MODIFIED' : 'ADDED')
  }

  private remove(obj: ObjectOf<K>): void {
    this.resourceVersion = obj.metadata.resourceVersion ?? this.resourceVersion
    this.lastFromEvent = true
    // A delete replayed by a resumed watch (or of an object this cache never had) changes nothing.
    if (!this.cache.get(obj.metadata.name)) return
    const old = this.cache.remove(obj.metadata.name)
    this.notify(deepFreeze(obj), old, 'DELETED')
  }

  private notify(obj: ObjectOf<K>, old: ObjectOf<K> | undefined, type: ChangeType): void {
    for (const { handler, when } of this.handlers) {
      try {
        if (!when || when(obj, old, type)) handler(obj, old, type)
      } catch (err) {
        // One handler's bug must not tear the cache: the next event would find the same object and throw again.
        this.opts.log('error', `informer ${this.kind}: a change handler threw`, { error: errorMessage(err) })
      }
    }
  }
}

/** The version just before `version` (a decimal zxid); anything else is answered as it is. */
function versionBefore(version: string): string {
  return /^[1-9]\d{0,19}$/.test(version) ? String(BigInt(version) - 1n) : version
}
