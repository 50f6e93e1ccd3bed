/** @module RequestMetrics: request counts by method and code, and open watches, in Prometheus text format; plus a debug access log. */
import type { RequestHandler } from 'express'
import type { Log } from './log.js'

/** In-process counters; one instance per app. */
export class RequestMetrics {
  private readonly requests = new Map<string, number>()
  /** Open watch streams; routes/watch.ts keeps it current. */
  openWatches = 0

  constructor(private readonly log: Log) {}

  /** Counts (and logs at debug) every response once it is over, watches included when they close. */
  readonly middleware: RequestHandler = (req, res, next) => {
    const started = Date.now()
    res.on('close', () => {
      const key = `method="${req.method}",code="${res.statusCode}"`
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
      const fields = { method: req.method, path: req.originalUrl, code: res.statusCode, ms: Date.now() - started }
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
    ]
    return `${lines.join('\n')}\n`
  }
}
