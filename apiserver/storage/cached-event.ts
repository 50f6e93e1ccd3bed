/** @module CachedEvent: one change as the watch cache holds it, serialized once for all its watchers (kube-apiserver's cachingObject). */
import type { AnyObject } from '../../apis/index.js'
import { encodeLine, retypeLine } from '../watch-line.js'
import type { StoreEvent, StoreEventType } from './store.js'

/**
 * The watch cache hands the same CachedEvent to every watcher and keeps it in its history, so each form of its line
 * (its own type; ADDED or DELETED for a watcher whose selector it enters or leaves) is built once and shared by every
 * stream sending it. Its own line is encoded when the change is applied (its size bounds the history); every line
 * is then held weakly, by the streams still sending it, and encoded again only if a replay needs it after that.
 */
export class CachedEvent implements StoreEvent {
  declare readonly prevObject?: AnyObject
  #own: WeakRef<Buffer> | undefined
  /** The other forms, made for the watchers a selector lets it enter or leave (rare: made when first asked for). */
  #others: Map<StoreEventType, WeakRef<Buffer>> | undefined
  readonly #bytes: number
  readonly #failure: unknown

  constructor(
    readonly type: StoreEventType,
    readonly object: AnyObject,
    prevObject?: AnyObject,
  ) {
    // Only when there is one: watchers (and tests) compare events as plain {type, object[, prevObject]}.
    if (prevObject) Object.defineProperty(this, 'prevObject', { value: prevObject, enumerable: true })
    try {
      const line = encodeLine(type, object)
      this.#own = new WeakRef(line)
      this.#bytes = line.length
    } catch (err) {
      // Kept for the watchers: each stream that would send it ends with a logged error instead.
      this.#failure = err
      this.#bytes = 0
    }
  }

  /** Length of its line: what the history's byte bound counts. */
  get bytes(): number {
    return this.#bytes
  }

  /** The change as a watch line of `type`, the same Buffer for every stream while any holds it. */
  line(type: StoreEventType): Buffer {
    if (this.#failure !== undefined) throw this.#failure
    const own = this.#own?.deref()
    if (type === this.type) {
      if (own) return own
      const line = encodeLine(type, this.object)
      this.#own = new WeakRef(line)
      return line
    }
    this.#others ??= new Map()
    const held = this.#others.get(type)?.deref()
    if (held) return held
    const line = own ? retypeLine(own, this.type, type) : encodeLine(type, this.object)
    this.#others.set(type, new WeakRef(line))
    return line
  }
}

/** `event` as a watch line of `type`: shared for the watch cache's events, encoded anew for any other. */
export function eventLine(event: StoreEvent, type: StoreEventType): Buffer {
  return event instanceof CachedEvent ? event.line(type) : encodeLine(type, event.object)
}
