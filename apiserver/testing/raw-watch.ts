/** @module Test clients of the watch API over a raw socket: one that does not read until told, and /metrics figures. */
import { connect, type Socket } from 'node:net'

export interface RawWatch {
  /** Starts (or goes on) reading; `text()` then grows. */
  read(): void
  /** What was read so far: status line, headers and chunked body, as sent. */
  text(): string
  /** Resolves when the server has closed the connection (only seen while reading). */
  closed: Promise<void>
  /** Whether the chunked body ended properly (`0\r\n\r\n`), i.e. the server ended the stream rather than cut it. */
  endedCleanly(): boolean
  destroy(): void
}

/**
 * Sends `GET path` on a fresh connection and reads nothing until read() is called: the kernel's buffers fill,
 * then the server's. `headers` are added as given (e.g. authorization); `localAddress` (another loopback address,
 * 127.0.0.2) makes it another client to an open apiserver.
 */
export async function openRawWatch(
  url: string,
  path: string,
  headers: Record<string, string> = {},
  localAddress?: string,
): Promise<RawWatch> {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect({ host: hostname, port: Number(port), localAddress })
  socket.pause()
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.on('error', () => {}) // a cut stream may reset the connection; closed still resolves
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${extra.join('')}Connection: close\r\n\r\n`)
  const chunks: Buffer[] = []
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return {
    read() {
      if (socket.listenerCount('data') === 0) socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.resume()
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    closed,
    endedCleanly: () => Buffer.concat(chunks).toString('latin1').endsWith('\r\n0\r\n\r\n'),
    destroy: () => socket.destroy(),
  }
}

/** The JSON lines of a chunked NDJSON body read so far (chunk sizes dropped, a partial last line left out). */
// biome-ignore lint/suspicious/noExplicitAny: watch lines are arbitrary JSON
export function watchLines(raw: string): any[] {
  const start = raw.indexOf('\r\n\r\n')
  if (start < 0) return []
  // JSON never holds a raw CR LF, so every CR LF <hex> CR LF is a chunk boundary.
  const body = `\r\n${raw.slice(start + 4)}`.replace(/\r\n[0-9a-f]+\r\n/g, '')
  const lines = body.split('\n')
  lines.pop()
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
}

/** One sample of a /metrics text: `name` or `name{labels}` exactly as rendered; NaN when absent. */
export function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1))
}

/** Polls `fn` every 10 ms until it returns something other than undefined or false (10 s at most). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const value = await fn()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
