/** @module A bounded ring buffer of recent store events, for watches that resume from a resourceVersion. */
import type { StoreEvent } from './store.js'

export interface VersionedEvent {
  rv: bigint
  event: StoreEvent
  /** What it costs to keep (its encoded size); counted against maxBytes. */
  bytes?: number
}

/**
 * Keeps the last `capacity` events in append (= resourceVersion) order, and fewer when they hold more than
 * `maxBytes` together (a thousand changes of megabyte objects must not stay in memory), always the newest one.
 */
export class EventHistory {
  private readonly ring: Array<VersionedEvent | undefined>
  private start = 0
  private size = 0
  private held = 0

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (capacity < 1) throw new RangeError('history capacity must be at least 1')
    this.ring = new Array(capacity)
  }

  /** Bytes of the events kept. */
  get bytes(): number {
    return this.held
  }

  /** Events kept. */
  get length(): number {
    return this.size
  }

  /** Appends; returns the newest event evicted to make room, if any. */
  push(entry: VersionedEvent): VersionedEvent | undefined {
    let evicted: VersionedEvent | undefined
    if (this.size === this.capacity) evicted = this.shift()
    this.ring[(this.start + this.size) % this.capacity] = entry
    this.size++
    this.held += entry.bytes ?? 0
    while (this.held > this.maxBytes && this.size > 1) evicted = this.shift()
    return evicted
  }

  /** Events with rv greater than `from`, oldest first. */
  since(from: bigint): VersionedEvent[] {
    const out: VersionedEvent[] = []
    for (let i = 0; i < this.size; i++) {
      const entry = this.ring[(this.start + i) % this.capacity]
      if (entry && entry.rv > from) out.push(entry)
    }
    return out
  }

  private shift(): VersionedEvent | undefined {
    const oldest = this.ring[this.start]
    this.ring[this.start] = undefined
    this.start = (this.start + 1) % this.capacity
    this.size--
    this.held -= oldest?.bytes ?? 0
    return oldest
  }
}
