// Local network probes for e2e scenarios: a free TCP port and a GET that never throws.
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

/** GET with a 2 s timeout; undefined when nothing answers. */
export async function curl(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return { status: res.status, body: await res.text() }
  } catch {
    return undefined
  }
}
