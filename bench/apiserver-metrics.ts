/** @module What an apiserver's /metrics tells the benchmarks: ZooKeeper requests by op and HTTP requests by method (and their growth over a window), open watches. */

/** Counts by label value, e.g. `{multi: 812, delete: 3}`. */
export type Counts = Record<string, number>

export interface WriteCounters {
  /** `helios_zookeeper_request_duration_seconds_count{op=...}`: every ZooKeeper request the apiserver sent. */
  zkRequests: Counts
  /** `helios_apiserver_requests_total{method=...}` summed over status codes. */
  httpRequests: Counts
}

/** The key under which zkRequests counts the node operations inside multis (not requests of their own). */
export const OPS_WRITTEN = 'node writes in multis'

/** Reads the two families out of Prometheus text; lines of other metrics, comments and junk are ignored. */
export function parseWriteCounters(text: string): WriteCounters {
  const zkRequests: Counts = {}
  const httpRequests: Counts = {}
  // Every create, setData and remove inside the multis sent: zxids and multi counts no longer count the writes.
  const opsWritten = parseGauge(text, 'helios_zookeeper_multi_ops_sum')
  if (opsWritten !== undefined) zkRequests[OPS_WRITTEN] = opsWritten
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\}\s+(\S+)$/.exec(line.trim())
    if (!m) continue
    const [, name, labels = '', value] = m
    const n = Number(value)
    if (!Number.isFinite(n)) continue
    const label = (key: string) => new RegExp(`(?:^|,)${key}="([^"]*)"`).exec(labels)?.[1]
    const into = (counts: Counts, key: string | undefined) => {
      if (key !== undefined) counts[key] = (counts[key] ?? 0) + n
    }
    if (name === 'helios_zookeeper_request_duration_seconds_count') into(zkRequests, label('op'))
    else if (name === 'helios_apiserver_requests_total') into(httpRequests, label('method'))
  }
  return { zkRequests, httpRequests }
}

/** The value of an unlabelled sample `name value`, e.g. helios_apiserver_watches; undefined when absent. */
export function parseGauge(text: string, name: string): number | undefined {
  for (const line of text.split('\n')) {
    const [key, value, ...rest] = line.trim().split(/\s+/)
    if (key === name && rest.length === 0 && value !== undefined && Number.isFinite(Number(value))) return Number(value)
  }
  return undefined
}

/** GETs `<url>/metrics`; undefined when it does not answer. */
export async function scrapeMetrics(url: string): Promise<string | undefined> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined)
  return res?.ok ? res.text().catch(() => undefined) : undefined
}

/** The write counters of the apiserver at `url`; undefined when it does not answer (the window then has no split). */
export async function scrapeWriteCounters(url: string): Promise<WriteCounters | undefined> {
  const text = await scrapeMetrics(url)
  return text === undefined ? undefined : parseWriteCounters(text)
}

/** The sum over several apiservers; undefined if any did not answer. */
export function sumCounters(all: readonly (WriteCounters | undefined)[]): WriteCounters | undefined {
  if (all.some((c) => c === undefined)) return undefined
  const sum: WriteCounters = { zkRequests: {}, httpRequests: {} }
  for (const c of all as WriteCounters[]) {
    for (const [k, n] of Object.entries(c.zkRequests)) sum.zkRequests[k] = (sum.zkRequests[k] ?? 0) + n
    for (const [k, n] of Object.entries(c.httpRequests)) sum.httpRequests[k] = (sum.httpRequests[k] ?? 0) + n
  }
  return sum
}

/** (after − before) / per for every key of `after` (reads too: they cost as well), rounded to 2 decimals. */
export function perUnit(before: Counts, after: Counts, per: number): Counts {
  const out: Counts = {}
  for (const [k, n] of Object.entries(after)) out[k] = Math.round(((n - (before[k] ?? 0)) / per) * 100) / 100
  return out
}
