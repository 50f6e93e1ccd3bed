/** @module Small statistics and table printing for benchmarks. */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0
}

export interface Row {
  benchmark: string
  subject: string
  medianMs: number
  p90Ms: number
  runs: number
  ratio: number
}

/** `ratioHeader` names what `ratio` divides, e.g. 'HELIOS / THIS' when each row is Helios' median over its own. */
export function printTable(rows: Row[], ratioHeader = 'RATIO'): string {
  const header = ['BENCHMARK', 'SUBJECT', 'MEDIAN ms', 'P90 ms', 'RUNS', ratioHeader]
  const cells = rows.map((r) => [
    r.benchmark,
    r.subject,
    r.medianMs.toFixed(0),
    r.p90Ms.toFixed(0),
    String(r.runs),
    `${r.ratio.toFixed(2)}x`,
  ])
  return alignRows([header, ...cells])
}

/** A peer a benchmark could not measure, and why; printed under its table so the other rows still count. */
export interface Skipped {
  subject: string
  why: string
}

export const printSkipped = (skipped: Skipped[]): string =>
  skipped.map((s) => `${s.subject}: skipped: ${s.why}`).join('\n')

/** Rows of one benchmark with `ratio` = Helios' median / the row's median (Helios' own row is 1.00x). */
export function rowsAgainstHelios(benchmark: string, helios: string, timings: [string, number[]][]): Row[] {
  const heliosMedian = median(timings.find(([subject]) => subject === helios)?.[1] ?? [])
  return timings
    .filter(([, xs]) => xs.length > 0)
    .map(([subject, xs]) => ({
      benchmark,
      subject,
      medianMs: median(xs),
      p90Ms: percentile(xs, 90),
      runs: xs.length,
      ratio: heliosMedian / median(xs),
    }))
}

/** Columns padded to their widest cell, two spaces apart. */
export function alignRows(lines: string[][]): string {
  const widths = (lines[0] ?? []).map((_, i) => Math.max(...lines.map((c) => c[i]?.length ?? 0)))
  return lines
    .map((line) =>
      line
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** A table of processes' CPU (% of one core) and resident memory over one sampling window. */
export function printResourceTable(rows: { benchmark: string; subject: string; cpuPercent: number; rssMiB: number }[]) {
  const header = ['BENCHMARK', 'SUBJECT', 'CPU % of 1 core', 'RSS MiB']
  const cells = rows.map((r) => [r.benchmark, r.subject, r.cpuPercent.toFixed(2), r.rssMiB.toFixed(1)])
  return alignRows([header, ...cells])
}

/** A table of throughputs (ops/s) with latency percentiles and the ratio to the first row's peer. */
export interface ThroughputRow {
  benchmark: string
  subject: string
  opsPerSecond: number
  p50Ms: number
  p99Ms: number
  ops: number
  ratio: number
}

export function printThroughputTable(rows: ThroughputRow[]): string {
  const header = ['BENCHMARK', 'SUBJECT', 'OPS/s', 'P50 ms', 'P99 ms', 'OPS', 'RATIO']
  const cells = rows.map((r) => [
    r.benchmark,
    r.subject,
    r.opsPerSecond.toFixed(0),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    String(r.ops),
    `${r.ratio.toFixed(2)}x`,
  ])
  return alignRows([header, ...cells])
}

/** One change fanned out to many watchers: the apply's own round trip, then arrival percentiles. */
export interface FanoutResult {
  watchers: number
  seen: number
  applyMs: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

export function printFanoutTable(r: FanoutResult): string {
  const header = ['BENCHMARK', 'WATCHERS', 'SEEN', 'APPLY ms', 'P50 ms', 'P99 ms', 'MAX ms']
  const cells = [
    [
      'watch fan-out',
      String(r.watchers),
      String(r.seen),
      r.applyMs.toFixed(1),
      r.p50Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      r.maxMs.toFixed(1),
    ],
  ]
  return alignRows([header, ...cells])
}
