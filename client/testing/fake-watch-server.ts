/** @module FakeWatchServer: an apiserver's list and watch in memory, with history, for informer and controller tests. */
import {
  type AnyObject,
  API_VERSION,
  ApiError,
  type Kind,
  type ListBody,
  type ObjectOf,
  type WatchEvent,
} from '../../apis/index.js'
import type { ListOptions, WatchOptions } from '../http-client.js'
import type { InformerClient } from '../informer.js'

interface Logged {
  rv: bigint
  event: WatchEvent<AnyObject>
}

interface Stream {
  kind: Kind
  push(event: WatchEvent<AnyObject>): void
  fail(err: Error): void
  end(): void
}

/**
 * Resource versions are one counter for every kind, as ZooKeeper's zxid. A watch replays the logged events after its
 * version, then follows; a version older than the window (`compact()`) gets one ERROR 410 Expired event, as the
 * apiserver answers. `breakStreams` and `endStreams` cut every open stream; `lists` and `watches` count the calls.
 */
export class FakeWatchServer implements InformerClient {
  lists = 0
  readonly watches: Array<{ kind: Kind; resourceVersion: string | undefined }> = []
  private version = 1n
  private oldest = 0n
  private readonly objects = new Map<string, AnyObject>()
  private readonly log: Logged[] = []
  private readonly streams = new Set<Stream>()
  /** When set, list() throws it (the apiserver away). */
  listError: Error | undefined

  get resourceVersion(): string {
    return String(this.version)
  }

  /** Stores `obj` with a new resourceVersion (ADDED or MODIFIED); answers the stored object. */
  set<T extends AnyObject>(obj: T): T {
    const key = `${obj.kind}/${obj.metadata.name}`
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED'
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.version) } }
    this.objects.set(key, stored)
    this.emit({ type, object: stored })
    return stored
  }

  /**
   * Stores `objs` in one transaction: one shared resourceVersion, as a ZooKeeper multi gives them. With `deliverOnly`,
   * open streams get only that many of their events (the rest is stuck in a connection the test then breaks).
   */
  setTogether<T extends AnyObject>(objs: readonly T[], deliverOnly?: number): T[] {
    const resourceVersion = String(++this.version)
    const stored = objs.map((obj) => {
      const key = `${obj.kind}/${obj.metadata.name}`
      const type = this.objects.has(key) ? ('MODIFIED' as const) : ('ADDED' as const)
      const object = { ...obj, metadata: { ...obj.metadata, resourceVersion } }
      this.objects.set(key, object)
      return { type, object }
    })
    stored.forEach((event, i) => {
      this.log.push({ rv: BigInt(resourceVersion), event })
      if (deliverOnly === undefined || i < deliverOnly)
        for (const s of this.streams) if (s.kind === event.object.kind) s.push(event)
    })
    return stored.map((e) => e.object)
  }

  delete(kind: Kind, name: string): void {
    const key = `${kind}/${name}`
    const last = this.objects.get(key)
    if (!last) return
    this.objects.delete(key)
    this.emit({
      type: 'DELETED',
      object: { ...last, metadata: { ...last.metadata, resourceVersion: String(++this.version) } },
    })
  }

  /** A BOOKMARK at the current version on every open stream of `kind`. */
  bookmark(kind: Kind): void {
    const object = { apiVersion: API_VERSION, kind, metadata: { name: '', resourceVersion: this.resourceVersion } }
    for (const s of this.streams) if (s.kind === kind) s.push({ type: 'BOOKMARK', object: object as AnyObject })
  }

  /** Forgets the history up to now: a watch from an older version gets 410 Expired. */
  compact(): void {
    this.log.length = 0
    this.oldest = this.version
  }

  /** Every open stream throws (a connection reset). */
  breakStreams(err: Error = new Error('socket hang up')): void {
    for (const s of [...this.streams]) s.fail(err)
  }

  /** Every open stream ends cleanly (the apiserver ended it: a restart, a timeout). */
  endStreams(): void {
    for (const s of [...this.streams]) s.end()
  }

  /** Sends `event` on every open stream of `kind` (an ERROR line, say). */
  send(kind: Kind, event: WatchEvent<AnyObject>): void {
    for (const s of this.streams) if (s.kind === kind) s.push(event)
  }

  get openStreams(): number {
    return this.streams.size
  }

  async list<K extends Kind>(kind: K, _opts?: ListOptions): Promise<ListBody<ObjectOf<K>>> {
    this.lists++
    if (this.listError) throw this.listError
    const items = [...this.objects.values()].filter((o) => o.kind === kind) as ObjectOf<K>[]
    return { kind: 'List', apiVersion: API_VERSION, metadata: { resourceVersion: this.resourceVersion }, items }
  }

  async *watch<K extends Kind>(kind: K, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<ObjectOf<K>>> {
    this.watches.push({ kind, resourceVersion: opts.resourceVersion })
    const from = BigInt(opts.resourceVersion ?? '0')
    if (from < this.oldest) {
      const status = new ApiError('Expired', `resourceVersion ${from} is too old`).toStatus()
      yield { type: 'ERROR', object: status as unknown as ObjectOf<K> }
      return
    }
    const pending: Array<WatchEvent<AnyObject>> = this.log
      .filter((l) => l.rv > from && l.event.object.kind === kind)
      .map((l) => l.event)
    let failure: Error | undefined
    let ended = false
    let wake: (() => void) | undefined
    const poke = () => {
      wake?.()
      wake = undefined
    }
    const stream: Stream = {
      kind,
      push: (event) => {
        pending.push(event)
        poke()
      },
      fail: (err) => {
        // A reset connection loses what was not read yet: a resumed watch must replay it.
        pending.length = 0
        failure = err
        this.streams.delete(stream)
        poke()
      },
      end: () => {
        ended = true
        this.streams.delete(stream)
        poke()
      },
    }
    this.streams.add(stream)
    const onAbort = () => stream.end()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      for (;;) {
        const next = pending.shift()
        if (next) {
          yield next as WatchEvent<ObjectOf<K>>
          continue
        }
        if (failure) throw failure
        if (ended) return
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
    } finally {
      this.streams.delete(stream)
      opts.signal?.removeEventListener('abort', onAbort)
    }
  }

  private emit(event: WatchEvent<AnyObject>): void {
    this.log.push({ rv: BigInt(event.object.metadata.resourceVersion ?? '0'), event })
    for (const s of this.streams) if (s.kind === event.object.kind) s.push(event)
  }
}
