/** @module WatchBudget: what open watch streams may hold — a number per client, and unsent bytes per stream and in all. */
import { ApiError } from '../apis/index.js'

const MiB = 1024 * 1024

export interface WatchLimits {
  /** Unsent bytes all watch streams together may hold (`--watch-memory-budget`, MiB on the command line). */
  budgetBytes: number
  /** Unsent bytes one watch stream may hold. */
  streamBytes: number
  /** Watch streams one client (user, else remote address) may hold open (`--max-watches-per-client`). */
  perClient: number
}

/**
 * 2,000 per client: `npm run bench` opens 1,000 watches from one client (its hollow fleet, each agent watching
 * its Tasks, or its watch fan-out) next to the controllers' four, all from 127.0.0.1 in open mode.
 */
export const DEFAULT_WATCH_LIMITS: WatchLimits = { budgetBytes: 256 * MiB, streamBytes: 16 * MiB, perClient: 2_000 }

/** `stream`: one stream held more than streamBytes; `budget`: all streams held more than budgetBytes. */
export type CutReason = 'stream' | 'budget'

/** One admitted stream's share of the budget. */
export interface WatchLease {
  /** After a write or a drain: the stream is measured again at the end of this turn, and the limits enforced. */
  touch(): void
  /** The stream ended: its place and its bytes return to the budget. Idempotent. */
  release(): void
}

interface Entry {
  client: string
  measure: () => number
  cut: (reason: CutReason) => void
  bytes: number
  live: boolean
}

/**
 * Counts are exact; bytes are what each stream's response still held when last measured (its Node buffers,
 * not the kernel's), an upper bound between measurements, since they only shrink while nothing is written.
 */
export class WatchBudget {
  private readonly clients = new Map<string, number>()
  private readonly entries = new Set<Entry>()
  private readonly dirty = new Set<Entry>()
  private scheduled = false
  private total = 0

  constructor(readonly limits: WatchLimits = DEFAULT_WATCH_LIMITS) {}

  /** Unsent bytes of all streams, as last measured. */
  get bufferedBytes(): number {
    return this.total
  }

  /** Watches `client` holds open. */
  openBy(client: string): number {
    return this.clients.get(client) ?? 0
  }

  /**
   * Counts one more stream of `client`, or throws TooManyRequests (429) when it holds perClient already.
   * `measure` reads the stream's unsent bytes; `cut` closes it at once (its lease is released already).
   */
  admit(client: string, measure: () => number, cut: (reason: CutReason) => void): WatchLease {
    const open = this.openBy(client)
    if (open >= this.limits.perClient) {
      throw new ApiError(
        'TooManyRequests',
        `${client} has ${open} watches open, the most one client may hold (apiserver flag --max-watches-per-client); close one before opening another`,
      )
    }
    this.clients.set(client, open + 1)
    const entry: Entry = { client, measure, cut, bytes: 0, live: true }
    this.entries.add(entry)
    return { touch: () => this.touch(entry), release: () => this.release(entry) }
  }

  private touch(entry: Entry): void {
    if (!entry.live) return
    this.dirty.add(entry)
    if (this.scheduled) return
    this.scheduled = true
    // At the end of the turn the writes corked during it have gone to the kernel: what is left is a slow client's.
    setImmediate(() => this.enforce())
  }

  private enforce(): void {
    this.scheduled = false
    const overStream: Entry[] = []
    for (const entry of this.dirty) {
      const bytes = measured(entry)
      this.total += bytes - entry.bytes
      entry.bytes = bytes
      if (bytes > this.limits.streamBytes) overStream.push(entry)
    }
    this.dirty.clear()
    for (const entry of overStream) this.cutOff(entry, 'stream')
    if (this.total <= this.limits.budgetBytes) return
    // The streams holding the most are the slowest readers: they go first, so a client that keeps up is not
    // cut for another's backlog.
    for (const entry of [...this.entries].sort((a, b) => b.bytes - a.bytes)) {
      if (this.total <= this.limits.budgetBytes || entry.bytes === 0) break
      this.cutOff(entry, 'budget')
    }
  }

  private cutOff(entry: Entry, reason: CutReason): void {
    this.release(entry)
    try {
      entry.cut(reason)
    } catch {
      // A stream's owner handles its own errors; one that throws here must not stop the others' enforcement.
    }
  }

  private release(entry: Entry): void {
    if (!entry.live) return
    entry.live = false
    this.entries.delete(entry)
    this.dirty.delete(entry)
    this.total -= entry.bytes
    entry.bytes = 0
    const left = this.openBy(entry.client) - 1
    if (left > 0) this.clients.set(entry.client, left)
    else this.clients.delete(entry.client)
  }
}

function measured(entry: Entry): number {
  try {
    return entry.measure()
  } catch {
    return entry.bytes
  }
}
