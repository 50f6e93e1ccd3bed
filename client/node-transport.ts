/**
 * @module The client's HTTP transport over node:http(s): global fetch loads undici, which costs a short-lived
 * CLI ~0.15 s of CPU per run; node:http is already loaded. https with a cluster's own CA uses Node's `ca` option.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/** What the client reads of a response: the fields of fetch's Response it uses, over a node stream. */
export interface HttpResponse {
  ok: boolean
  status: number
  /** The body, chunk by chunk; reading it after the signal aborted throws. */
  body: AsyncIterable<Uint8Array>
  json(): Promise<unknown>
}

export interface HttpRequest {
  method: string
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

export type Transport = (url: string, req: HttpRequest) => Promise<HttpResponse>

/** A transport for `http://` and `https://` URLs; with `caPem`, https trusts exactly those certificates (kubectl's certificate-authority). */
export function nodeTransport(caPem?: string): Transport {
  // One agent per client with a CA, so its connections never mix with ones trusting the system's roots.
  const httpsAgent = caPem === undefined ? undefined : new HttpsAgent({ keepAlive: true, ca: caPem })
  return (url, req) =>
    new Promise((resolve, reject) => {
      const target = new URL(url)
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest
      const options = { method: req.method, headers: req.headers, signal: req.signal }
      const outgoing = send(target, httpsAgent ? { ...options, agent: httpsAgent } : options, (res) =>
        resolve(response(res)),
      )
      // `on`, not `once`: an abort or a broken socket after the response may emit again; the body's reader sees those.
      outgoing.on('error', reject)
      outgoing.end(req.body)
    })
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
  }
}
