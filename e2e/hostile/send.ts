/** @module Sends a HostileRequest as written (raw path, raw headers) over a fresh loopback connection; never throws. */
import { type IncomingMessage, request } from 'node:http'
import type { HostileRequest } from './requests.js'

export interface HostileReply {
  /** The HTTP status; 0 when no reply came (refused, reset, or the client could not send it). */
  status: number
  contentType: string
  /** The body (its first 4 MiB: a Status may quote a long name). */
  text: string
  /** A stream (watch, log follow) still open when the client hung up after `streamMs`: fine, not a hang. */
  streamed: boolean
  /** Why there is no reply, or what broke while reading it. */
  error?: string
}

const KEEP = 4 * 1024 * 1024
/** Response types that may stream for ever. */
const STREAMS = /^(application\/x-ndjson|text\/plain)/

/** Node's client refuses these characters in a header value; they become "?" (the request is still hostile). */
const headerSafe = (value: string): string => value.replace(/[^\t\u0020-\u007e\u0080-\u00ff]/g, '?')

/** Sends `r` to 127.0.0.1:`port`; a streaming reply is cut after `streamMs`, any other after `timeoutMs`. */
export function sendHostile(
  port: number,
  r: HostileRequest,
  opts: { streamMs: number; timeoutMs: number },
): Promise<HostileReply> {
  return new Promise((resolve) => {
    let settled = false
    const done = (reply: HostileReply) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(reply)
    }
    const fail = (error: string, status = 0, res?: IncomingMessage, text = '') =>
      done({ status, contentType: res?.headers['content-type'] ?? '', text, streamed: false, error })
    const timer = setTimeout(() => fail(`no complete reply within ${opts.timeoutMs} ms`), opts.timeoutMs)
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent: false })
    req.on('error', (err: NodeJS.ErrnoException) => fail(`${err.code ?? ''} ${err.message}`.trim()))
    try {
      setHeaders(req, r, port)
    } catch (err) {
      fail(`client could not send it: ${(err as Error).message}`)
      return
    }
    req.on('response', (res) => {
      const contentType = res.headers['content-type'] ?? ''
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (text.length < KEEP) text += chunk.slice(0, KEEP - text.length)
      })
      res.on('error', (err) => fail(`reply broke: ${err.message}`, res.statusCode ?? 0, res, text))
      res.on('end', () => done({ status: res.statusCode ?? 0, contentType, text, streamed: false }))
      if (STREAMS.test(contentType)) {
        setTimeout(() => done({ status: res.statusCode ?? 0, contentType, text, streamed: true }), opts.streamMs)
      }
    })
    req.end(r.body)
  })
}

function setHeaders(req: ReturnType<typeof request>, r: HostileRequest, port: number): void {
  const withPort = (v: string) => headerSafe(v.replaceAll('{port}', String(port)))
  const { authorization } = r.credential
  if (authorization !== undefined) {
    req.setHeader('authorization', Array.isArray(authorization) ? authorization.map(withPort) : withPort(authorization))
  }
  // Node sends a DELETE's or GET's body without framing unless told its length: the body would read as a second,
  // broken request on the same connection, whose 400 arrives before the first one's answer.
  if (r.body !== undefined) req.setHeader('content-length', Buffer.byteLength(r.body))
  const { contentType, origin, host, secFetchSite } = r.headers
  if (contentType !== undefined) req.setHeader('content-type', withPort(contentType))
  if (origin !== undefined) req.setHeader('origin', withPort(origin))
  if (host !== undefined) req.setHeader('host', withPort(host))
  if (secFetchSite !== undefined) req.setHeader('sec-fetch-site', withPort(secFetchSite))
}
