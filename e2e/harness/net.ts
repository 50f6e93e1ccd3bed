// Local network probes for e2e scenarios: a free TCP port and a GET that never throws.
import { get } from 'node:https'
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))))
    })
  })
}

/** GET with a 2 s timeout; undefined when nothing answers. `ca`: the PEM an https:// server's certificate must chain to. */
export async function curl(
  url: string,
  opts: { ca?: string } = {},
): Promise<{ status: number; body: string } | undefined> {
  if (opts.ca) return curlTrusting(url, opts.ca)
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return { status: res.status, body: await res.text() }
  } catch {
    return undefined
  }
}

/** fetch() cannot be given a CA of its own: an https GET through node:https that trusts `ca` only. */
function curlTrusting(url: string, ca: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { ca, timeout: 2000 }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve(undefined))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
  })
}
