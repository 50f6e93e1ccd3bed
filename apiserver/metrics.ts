/** @module RequestMetrics: request counts by method and code, request latency, and open watches, in Prometheus text format; plus a debug access log. zookeeperLatency: the store's request latency. */
import type { RequestHandler } from 'express'
import { Histogram } from './histogram.js'
import type { Log } from './log.js'

/** In-process counters; one instance per app. */
export class RequestMetrics {
  private readonly requests = new Map<string, number>()
  private readonly latency = new Histogram(
    'helios_apiserver_request_duration_seconds',
    'Time from request to the end of the response, by method; watch streams are not included.',
  )
  /** Open watch streams; routes/watch.ts keeps it current. */
  openWatches = 0

  /** `more`: histograms kept elsewhere and rendered here too, e.g. zookeeperLatency(). */
  constructor(
    private readonly log: Log,
    private readonly more: readonly Histogram[] = [],
  ) {}

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
      ...this.latency.render(),
      ...this.more.flatMap((h) => h.render()),
    ]
    return `${lines.join('\n')}\n`
  }
}

/** The latency of every ZooKeeper request by op (get, list, exists, create, multi, setData, delete, mkdirp). */
export function zookeeperLatency(): { histogram: Histogram; observe: (op: string, seconds: number) => void } {
  const histogram = new Histogram(
    'helios_zookeeper_request_duration_seconds',
    'Time from sending a ZooKeeper request to its reply (or timeout), by op; failures included.',
  )
  return { histogram, observe: (op, seconds) => histogram.observe(`op="${op}"`, seconds) }
}
