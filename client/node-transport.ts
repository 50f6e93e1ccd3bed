/**
 * @module The client's HTTP transport over node:http(s): global fetch loads undici, which costs a short-lived
 * CLI ~0.15 s of CPU per run; node:http is already loaded. https with a cluster's own CA uses Node's `ca` option.
 * Every request has a deadline for its response headers and a limit on silence within its body, so a hung
 * apiserver fails a request instead of holding it for ever.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'

/** What the client reads of a response: the fields of fetch's Response it uses, over a node stream. */
export interface HttpResponse {
  ok: boolean
  status: number
  /** The body, chunk by chunk; reading it after the signal aborted, or after `idleTimeoutMs` of silence, throws. */
  body: AsyncIterable<Uint8Array>
  json(): Promise<unknown>
  /** Ends the body at once: its reader throws `reason`. */
  abort(reason: Error): void
  /** A 429's or 503's `Retry-After` in seconds, when it gave one as a number. */
  retryAfterSeconds?: number
}

export interface HttpRequest {
  method: string
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
  /** Longest wait for the response headers, connecting included (0 or unset: none). */
  headersTimeoutMs?: number
  /** Longest silence while the body arrives (0 or unset: none, e.g. a followed log of a quiet container). */
  idleTimeoutMs?: number
}

export type Transport = (url: string, req: HttpRequest) => Promise<HttpResponse>

/**
 * A request that failed below HTTP. `mayHaveReached` is false only when no connection to the server was ever
 * made, so the server cannot have seen the request: whether a write may be sent again elsewhere depends on it.
 */
export class TransportError extends Error {
  readonly code: string

  constructor(
    message: string,
    code: string,
    readonly mayHaveReached: boolean,
    cause?: unknown,
  ) {
    super(message, { cause })
    this.name = 'TransportError'
    this.code = code
  }
}

/** No response headers within the deadline (`phase: 'headers'`), or a body silent for too long (`'body'`). */
export class TransportTimeout extends TransportError {
  constructor(
    readonly phase: 'headers' | 'body',
    readonly ms: number,
    mayHaveReached: boolean,
  ) {
    const what = phase === 'headers' ? 'no response' : 'no data'
    super(`${what} within ${seconds(ms)}`, 'ETIMEDOUT', mayHaveReached)
    this.name = 'TransportTimeout'
  }
}

/** A transport for `http://` and `https://` URLs; with `caPem`, https trusts exactly those certificates (kubectl's certificate-authority). */
export function nodeTransport(caPem?: string): Transport {
  // One agent per client with a CA, so its connections never mix with ones trusting the system's roots.
  const httpsAgent = caPem === undefined ? undefined : new HttpsAgent({ keepAlive: true, ca: caPem })
  return (url, req) =>
    new Promise((resolve, reject) => {
      const target = new URL(url)
      const tls = target.protocol === 'https:'
      const send = tls ? httpsRequest : httpRequest
      const options = { method: req.method, headers: req.headers, signal: req.signal }
      let connected = false
      let timer: NodeJS.Timeout | undefined
      const outgoing = send(target, httpsAgent ? { ...options, agent: httpsAgent } : options, (res) => {
        clearTimeout(timer)
        if (req.idleTimeoutMs) {
          const ms = req.idleTimeoutMs
          res.setTimeout(ms, () => res.destroy(new TransportTimeout('body', ms, true)))
        }
        resolve(response(res))
      })
      if (req.headersTimeoutMs) {
        const ms = req.headersTimeoutMs
        timer = setTimeout(() => outgoing.destroy(new TransportTimeout('headers', ms, connected)), ms)
      }
      // A pooled socket is connected already; a new one has reached the server once its (TLS) handshake is done.
      outgoing.once('socket', (socket: Socket) => {
        if (!socket.connecting) connected = true
        else socket.once(tls ? 'secureConnect' : 'connect', () => (connected = true))
      })
      // `on`, not `once`: an abort or a broken socket after the response may emit again; the body's reader sees those.
      outgoing.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        reject(err instanceof TransportError || req.signal?.aborted ? err : translate(err, connected))
      })
      outgoing.end(req.body)
    })
}

function translate(err: NodeJS.ErrnoException, connected: boolean): TransportError {
  const code = err.code ?? 'EUNKNOWN'
  return new TransportError(err.code ?? err.message, code, connected, err)
}

function response(res: IncomingMessage): HttpResponse {
  const status = res.statusCode ?? 0
  return {
    ok: status >= 200 && status < 300,
    status,
    body: res,
    async json() {
      const chunks: Buffer[] = []
      for await (const chunk of res) chunks.push(chunk as Buffer)
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    },
    abort: (reason) => res.destroy(reason),
    ...retryAfter(res.headers['retry-after']),
  }
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

function retryAfter(header: string | undefined): { retryAfterSeconds?: number } {
  const seconds = header !== undefined && /^\d{1,6}$/.test(header.trim()) ? Number(header.trim()) : undefined
  return seconds === undefined ? {} : { retryAfterSeconds: seconds }
}
