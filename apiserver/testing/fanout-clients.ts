/**
 * @module Child process of fanout-memory.ts: opens watch streams on the apiserver it is told about and reports, per
 * marked line, when each stream read it, so the apiserver's memory is measured without its clients in the heap.
 */
import { Agent, type IncomingMessage, request } from 'node:http'

export type ClientCommand = { open: { url: string; paths: string[] } } | { expect: { marker: string } } | { stop: true }
export type ClientReport = { opened: number } | { seen: { marker: string; atMs: number[] } } | { failed: string }

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
const streams: Array<{ res?: IncomingMessage; seenAtMs?: number; buffered: string }> = []
let marker: string | undefined

const send = (report: ClientReport) => process.send?.(report)
const nowMs = () => performance.timeOrigin + performance.now()

function open(url: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream: (typeof streams)[number] = { buffered: '' }
    const req = request(url + path, { agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${path} answered ${res.statusCode}`))
      stream.res = res
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        stream.buffered += chunk
        const nl = stream.buffered.lastIndexOf('\n')
        if (nl < 0) return
        const lines = stream.buffered.slice(0, nl)
        stream.buffered = stream.buffered.slice(nl + 1)
        if (marker !== undefined && stream.seenAtMs === undefined && lines.includes(marker)) stream.seenAtMs = nowMs()
        if (marker !== undefined && streams.every((s) => s.seenAtMs !== undefined)) report()
      })
      streams.push(stream)
      resolve()
    })
    req.on('error', reject)
    req.end()
  })
}

function report(): void {
  const seen = { marker: marker ?? '', atMs: streams.map((s) => s.seenAtMs ?? Number.NaN) }
  marker = undefined
  for (const s of streams) s.seenAtMs = undefined
  send({ seen })
}

process.on('message', async (command: ClientCommand) => {
  try {
    if ('open' in command) {
      for (let i = 0; i < command.open.paths.length; i += 100) {
        await Promise.all(command.open.paths.slice(i, i + 100).map((p) => open(command.open.url, p)))
      }
      send({ opened: streams.length })
    } else if ('expect' in command) {
      marker = command.expect.marker
      setTimeout(() => marker === command.expect.marker && report(), 10_000)
    } else {
      for (const s of streams) s.res?.destroy()
      process.exit(0)
    }
  } catch (err) {
    send({ failed: String(err) })
  }
})
