/** @module RequestMetrics: request counts by method and code, request latency, open watches and their cut-offs and refusals, in Prometheus text format; plus a debug access log. zookeeperLatency: the store's request latency. */
import type { RequestHandler } from 'express'
import { Histogram } from './histogram.js'
import type { Log } from './log.js'
import type { CutReason } from './watch-budget.js'

type WatchCutoff = CutReason
type WatchRefusal = 'client-limit' | 'future-version'

/** In-process counters; one instance per app. */
export class RequestMetrics {
  private readonly requests = new Map<string, number>()
  private readonly latency = new Histogram(
    'helios_apiserver_request_duration_seconds',
    'Time from request to the end of the response, by method; watch streams are not included.',
  )
  /** Open watch streams; routes/watch-stream.ts keeps it current. */
  openWatches = 0
  private readonly watchCutoffs = new Map<WatchCutoff, number>([
    ['stream', 0],
    ['budget', 0],
  ])
  private readonly watchRefusals = new Map<WatchRefusal, number>([
    ['client-limit', 0],
    ['future-version', 0],
  ])

  /**
   * `more`: histograms kept elsewhere and rendered here too, e.g. zookeeperLatency().
   * `watchBufferedBytes`: what watch streams hold unsent (the watch budget's use).
   */
  constructor(
    private readonly log: Log,
    private readonly more: readonly Histogram[] = [],
    private readonly watchBufferedBytes: () => number = () => 0,
  ) {}

  /** A watch stream closed because its client fell behind (its own cap, or the budget of all streams). */
  countWatchCutoff(reason: WatchCutoff): void {
    this.watchCutoffs.set(reason, (this.watchCutoffs.get(reason) ?? 0) + 1)
  }

  /** A watch refused before it started (429 too many for one client, 503 a version from the future). */
  countWatchRefusal(reason: WatchRefusal): void {
    this.watchRefusals.set(reason, (this.watchRefusals.get(reason) ?? 0) + 1)
  }

  /** Counts (and logs at debug) every response once it is over, watches included when they close. */
  readonly middleware: RequestHandler = (req, res, next) => {
    const started = performance.now()
    res.on('close', () => {
      const key = `method="${req.method}",code="${res.statusCode}"`
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
      const ms = performance.now() - started
      // A watch lasts as long as its client wants: it would only blur the latency of everything else.
      if (!res.locals.watch) this.latency.observe(`method="${req.method}"`, ms / 1000)
      const fields = { method: req.method, path: req.originalUrl, code: res.statusCode, ms: Math.round(ms) }
      this.log('debug', 'request', fields)
    })
    next()
  }

  render(): string {
    const lines = [
      '# HELP helios_apiserver_requests_total HTTP requests by method and status code.',
      '# TYPE helios_apiserver_requests_total counter',
      ...[...this.requests].sort().map(([labels, n]) => `helios_apiserver_requests_total{${labels}} ${n}`),
      '# HELP helios_apiserver_watches Open watch streams.',
      '# TYPE helios_apiserver_watches gauge',
      `helios_apiserver_watches ${this.openWatches}`,
      '# HELP helios_apiserver_watch_buffered_bytes Bytes written to watch streams that their clients have not taken yet.',
      '# TYPE helios_apiserver_watch_buffered_bytes gauge',
      `helios_apiserver_watch_buffered_bytes ${this.watchBufferedBytes()}`,
      '# HELP helios_apiserver_watch_cutoffs_total Watch streams closed because their client fell behind, by limit.',
      '# TYPE helios_apiserver_watch_cutoffs_total counter',
      ...[...this.watchCutoffs].map(([reason, n]) => `helios_apiserver_watch_cutoffs_total{reason="${reason}"} ${n}`),
      '# HELP helios_apiserver_watch_refusals_total Watch requests refused before they started, by reason.',
      '# TYPE helios_apiserver_watch_refusals_total counter',
      ...[...this.watchRefusals].map(([reason, n]) => `helios_apiserver_watch_refusals_total{reason="${reason}"} ${n}`),
      ...this.latency.render(),
      ...this.more.flatMap((h) => h.render()),
      ...processMemory(),
    ]
    return `${lines.join('\n')}\n`
  }
}

/** The process' memory as Prometheus' client libraries name it: resident set, V8 heap used and reserved, external. */
function processMemory(): string[] {
  const m = process.memoryUsage()
  const gauge = (name: string, help: string, value: number) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    `${name} ${value}`,
  ]
  return [
    ...gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', m.rss),
    ...gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes.', m.heapUsed),
    ...gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved, in bytes.', m.heapTotal),
    ...gauge(
      'nodejs_external_memory_bytes',
      'Memory of C++ objects bound to JavaScript (Buffers), in bytes.',
      m.external,
    ),
  ]
}

/** Buckets of ops per ZooKeeper transaction. */
const MULTI_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

/**
 * The latency of every ZooKeeper request by op (get, list, exists, create, multi, setData, delete, mkdirp), and how
 * many node operations each multi carried (its `_sum` counts every create, setData and remove sent).
 */
export function zookeeperLatency(): {
  histogram: Histogram
  multiOps: Histogram
  observe: (op: string, seconds: number, ops?: number) => void
} {
  const histogram = new Histogram(
    'helios_zookeeper_request_duration_seconds',
    'Time from sending a ZooKeeper request to its reply (or timeout), by op; failures included.',
  )
  const multiOps = new Histogram(
    'helios_zookeeper_multi_ops',
    'Node operations (create, setData, remove) in each ZooKeeper transaction sent, failed ones included.',
    MULTI_SIZES,
  )
  return {
    histogram,
    multiOps,
    observe: (op, seconds, ops) => {
      histogram.observe(`op="${op}"`, seconds)
      if (ops !== undefined) multiOps.observe('', ops)
    },
  }
}
