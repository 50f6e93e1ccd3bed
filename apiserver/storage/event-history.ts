/** @module A bounded ring buffer of recent store events, for watches that resume from a resourceVersion. */
import type { StoreEvent } from './store.js'

export interface VersionedEvent {
  rv: bigint
  event: StoreEvent
}

/** Keeps the last `capacity` events in append (= resourceVersion) order. Not thread-shared state beyond one cache. */
export class EventHistory {
  private readonly ring: Array<VersionedEvent | undefined>
  private start = 0
  private size = 0

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('history capacity must be at least 1')
    this.ring = new Array(capacity)
  }

  /** Appends; returns the evicted event when the buffer was full. */
  push(entry: VersionedEvent): VersionedEvent | undefined {
    if (this.size < this.capacity) {
      this.ring[(this.start + this.size) % this.capacity] = entry
      this.size++
      return undefined
    }
    const evicted = this.ring[this.start]
    this.ring[this.start] = entry
    this.start = (this.start + 1) % this.capacity
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
}
