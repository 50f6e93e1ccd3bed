/** @module Histogram: a Prometheus histogram (cumulative buckets, sum, count) per label set, rendered as text. */

/** Seconds; Prometheus' default buckets. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Series {
  counts: number[]
  sum: number
  count: number
}

export class Histogram {
  private readonly series = new Map<string, Series>()

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {}

  /** Records one observation (seconds) under `labels`, e.g. `method="GET"`. */
  observe(labels: string, seconds: number): void {
    let s = this.series.get(labels)
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(labels, s)
    }
    for (const [i, le] of this.buckets.entries()) if (seconds <= le) s.counts[i] = (s.counts[i] ?? 0) + 1
    s.sum += seconds
    s.count++
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const [labels, s] of [...this.series].sort(([a], [b]) => a.localeCompare(b))) {
      const sep = labels ? `${labels},` : ''
      for (const [i, le] of this.buckets.entries()) lines.push(`${this.name}_bucket{${sep}le="${le}"} ${s.counts[i]}`)
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`)
      lines.push(`${this.name}_sum${labels ? `{${labels}}` : ''} ${s.sum}`)
      lines.push(`${this.name}_count${labels ? `{${labels}}` : ''} ${s.count}`)
    }
    return lines
  }
}
