/** @module Informer: lists then watches one kind into a read-only cache; relists on Expired or a broken stream. */
import { ApiError, isApiError, type Kind, type ObjectOf, type StatusBody, type WatchEventType } from '../apis/index.js'
import { Backoff } from './backoff.js'
import { type Clock, realClock } from './clock.js'
import type { HeliosClient, ListOptions } from './http-client.js'
import { errorMessage, type Log } from './reconcile-loop.js'

export type ChangeHandler<T> = (obj: T, type: WatchEventType) => void

/** What an informer needs of the client: a wrapper may observe its lists and watches (the dashboard does). */
export type InformerClient = Pick<HeliosClient, 'list' | 'watch'>

/**
 * Objects handed out are frozen: they are shared by every reader of the cache and must never be
 * modified (copy first). Handlers only map objects to keys; they must not branch on the event type.
 */
export class Informer<K extends Kind> {
  private readonly cache = new Map<string, ObjectOf<K>>()
  private readonly handlers: Array<ChangeHandler<ObjectOf<K>>> = []
  private synced = false
  private syncWaiters: Array<() => void> = []

  constructor(
    private readonly client: InformerClient,
    readonly kind: K,
    private readonly opts: ListOptions & { log: Log; clock?: Clock } = { log: () => {} },
  ) {}

  onChange(handler: ChangeHandler<ObjectOf<K>>): this {
    this.handlers.push(handler)
    return this
  }

  get(name: string): ObjectOf<K> | undefined {
    return this.cache.get(name)
  }

  list(): ObjectOf<K>[] {
    return [...this.cache.values()]
  }

  hasSynced(): boolean {
    return this.synced
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve()
    return new Promise((resolve) => this.syncWaiters.push(resolve))
  }

  /** Runs until `signal` aborts, reconnecting with jittered Backoff (0.5 s → 10 s, ±20%: a fleet does not relist in lockstep). */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.opts.clock ?? realClock
    const retry = new Backoff({ initialMs: 500, maxMs: 10_000 })
    while (!signal.aborted) {
      try {
        const rv = await this.relist()
        retry.succeeded()
        await this.watchFrom(rv, signal)
      } catch (err) {
        if (signal.aborted) break
        if (!isApiError(err, 'Expired')) {
          const waitMs = retry.failed()
          const level = retry.failures > 3 ? 'warn' : 'debug'
          this.opts.log(level, `informer ${this.kind}: ${errorMessage(err)}; retrying`)
          await clock.sleep(waitMs, signal)
        }
      }
    }
  }

  private async relist(): Promise<string> {
    const list = await this.client.list(this.kind, this.opts)
    const seen = new Set<string>()
    for (const item of list.items) {
      seen.add(item.metadata.name)
      this.store(item, this.cache.has(item.metadata.name) ? 'MODIFIED' : 'ADDED')
    }
    for (const [name, old] of this.cache) {
      if (!seen.has(name)) this.remove(old)
    }
    if (!this.synced) {
      this.synced = true
      for (const waiter of this.syncWaiters.splice(0)) waiter()
    }
    return list.metadata.resourceVersion
  }

  private async watchFrom(resourceVersion: string, signal: AbortSignal): Promise<void> {
    const stream = this.client.watch(this.kind, { ...this.opts, resourceVersion, signal })
    for await (const event of stream) {
      if (event.type === 'ERROR') throw errorFromEvent(event.object)
      if (event.type === 'BOOKMARK') continue
      if (event.type === 'DELETED') this.remove(event.object)
      else this.store(event.object, event.type)
    }
    // The server ended the stream (restart, timeout): relist to be sure nothing was missed.
  }

  private store(obj: ObjectOf<K>, type: WatchEventType): void {
    const old = this.cache.get(obj.metadata.name)
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return
    const frozen = deepFreeze(obj)
    this.cache.set(obj.metadata.name, frozen)
    for (const handler of this.handlers) handler(frozen, type)
  }

  private remove(obj: ObjectOf<K>): void {
    const old = this.cache.get(obj.metadata.name)
    this.cache.delete(obj.metadata.name)
    for (const handler of this.handlers) handler(old ?? deepFreeze(obj), 'DELETED')
  }
}

function errorFromEvent(status: unknown): ApiError {
  const body = status as Partial<StatusBody>
  return ApiError.fromStatus(body, body.code ?? 500)
}

function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj)
    for (const value of Object.values(obj)) deepFreeze(value)
  }
  return obj
}
