/** @module Benchmark 5: one change → N concurrent watch streams; per watcher, the time until it sees the event. */
import { Agent, type ClientRequest, request } from 'node:http'
import { resourcePath } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { IMAGE } from './manifest.js'
import { elapsedMs } from './run.js'
import { type FanoutResult, percentile } from './stats.js'

interface Stream {
  req: ClientRequest
  seenAt?: bigint
}

// node:http, not fetch: undici's pool is hidden behind fetch (and 'undici' is not importable), while one
// dedicated Agent with no socket limit gives every watcher its own connection.
const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })

/** Opens one watch stream; resolves once the response headers arrived (the server registered the watch). */
function openWatch(url: URL, token: string | undefined, name: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/x-ndjson' }
    if (token) headers.authorization = `Bearer ${token}`
    const stream: Stream = { req: request(url, { agent, headers }) }
    const timer = setTimeout(() => stream.req.destroy(new Error('no answer to a watch within 30 s')), 30_000)
    stream.req.on('response', (res) => {
      clearTimeout(timer)
      if (res.statusCode !== 200) {
        stream.req.destroy()
        return reject(new Error(`watch answered ${res.statusCode}`))
      }
      let buffered = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (stream.seenAt) return
        buffered += chunk
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl)
          buffered = buffered.slice(nl + 1)
          const event = JSON.parse(line) as { type: string; object: { metadata?: { name?: string } } }
          if ((event.type === 'ADDED' || event.type === 'MODIFIED') && event.object.metadata?.name === name) {
            stream.seenAt = process.hrtime.bigint()
            return
          }
        }
      })
      res.on('error', () => {})
      resolve(stream)
    })
    stream.req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    stream.req.end()
  })
}

/** Opens `watchers` streams on Jobs named `<name>`, creates that Job once, and times its arrival at each stream. */
export async function benchWatchFanout(opts: {
  client: HeliosClient
  token?: string
  watchers: number
  timeoutMs: number
}): Promise<FanoutResult> {
  const name = `bench-fanout-${process.pid}-${Date.now().toString(36)}:v1`
  const url = new URL(opts.client.server + resourcePath('Job'))
  url.search = new URLSearchParams({ watch: '1', fieldSelector: `metadata.name=${name}` }).toString()
  const streams: Stream[] = []
  try {
    // Open in batches of 100 so the server's accept backlog is never the bottleneck.
    for (let i = 0; i < opts.watchers; i += 100) {
      const batch = Math.min(100, opts.watchers - i)
      const opened = await Promise.allSettled(Array.from({ length: batch }, () => openWatch(url, opts.token, name)))
      for (const o of opened) if (o.status === 'fulfilled') streams.push(o.value)
      const failed = opened.find((o) => o.status === 'rejected')
      if (failed) throw new Error(`opening watch ${streams.length + 1} of ${opts.watchers}: ${String(failed.reason)}`)
    }
    await new Promise((r) => setTimeout(r, 500)) // settle: the last streams' registrations are done
    const start = process.hrtime.bigint()
    await opts.client.apply({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec: { image: IMAGE } })
    const applyMs = elapsedMs(start)
    const deadline = Date.now() + opts.timeoutMs
    while (streams.some((s) => !s.seenAt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const ms = streams.filter((s) => s.seenAt).map((s) => Number(s.seenAt! - start) / 1e6)
    return {
      watchers: opts.watchers,
      seen: ms.length,
      applyMs,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: Math.max(0, ...ms),
    }
  } finally {
    for (const s of streams) s.req.destroy()
    await opts.client.delete('Job', name).catch(() => {})
  }
}
