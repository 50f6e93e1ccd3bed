/** @module SourceRateLimit: a token bucket per source address, holding a bounded number of sources. */

export interface RateLimitOptions {
  /** Queries per second each source may send on average. */
  perSecond: number
  /** Queries a source may send at once after being quiet. */
  burst: number
  /** Sources remembered at most; the longest-unseen are forgotten first (their buckets start full again). */
  maxSources?: number
  now?: () => number
}

interface Bucket {
  tokens: number
  at: number
}

/** Answers whether one more query from a source is allowed. A flood of spoofed sources evicts buckets rather than growing memory. */
export class SourceRateLimit {
  private readonly buckets = new Map<string, Bucket>()
  private readonly maxSources: number
  private readonly now: () => number

  constructor(private readonly options: RateLimitOptions) {
    this.maxSources = options.maxSources ?? 10_000
    this.now = options.now ?? Date.now
  }

  allow(source: string): boolean {
    const now = this.now()
    const { perSecond, burst } = this.options
    const seen = this.buckets.get(source)
    const tokens = seen ? Math.min(burst, seen.tokens + ((now - seen.at) / 1000) * perSecond) : burst
    // Re-inserting keeps the Map in least-recently-seen order, so the first key is the one to forget.
    this.buckets.delete(source)
    const allowed = tokens >= 1
    this.buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: now })
    if (this.buckets.size > this.maxSources) this.buckets.delete(this.buckets.keys().next().value as string)
    return allowed
  }

  get size(): number {
    return this.buckets.size
  }
}
