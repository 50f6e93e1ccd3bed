import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import { afterEach, describe, expect, test } from 'vitest'
import { DockerRuntime } from './docker-runtime.js'
import { type Demux, mergedLines } from './log-lines.js'
import { isRuntimeError } from './runtime-error.js'

/** One frame of Docker's multiplexed stream: [stream type, 0, 0, 0, payload length (big-endian)], payload. */
const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header.writeUInt8(stream, 0)
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

const readAll = async (stream: Readable): Promise<string> => {
  let text = ''
  for await (const chunk of stream) text += chunk
  return text
}

let cleanup: (() => Promise<void>) | undefined
afterEach(() => cleanup?.())

/** A Docker engine on a unix socket that answers only `GET /containers/<id>/logs`, via `answer`. */
async function fakeEngine(answer: (id: string, query: URLSearchParams, res: ServerResponse) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'helios-fake-docker-'))
  const socketPath = join(dir, 'docker.sock')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://docker')
    const match = /\/containers\/([^/]+)\/logs$/.exec(url.pathname)
    if (!match?.[1] || match[1] === 'missing') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such container: missing"}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream' })
    answer(match[1], url.searchParams, res)
  })
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  cleanup = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  }
  return new DockerRuntime({ socketPath, endpoint: `unix://${socketPath}` })
}

describe('DockerRuntime.logs over a fake engine', () => {
  test('demultiplexes stdout and stderr into whole lines; passes tail and timestamps on', async () => {
    let query: URLSearchParams | undefined
    const runtime = await fakeEngine((_id, q, res) => {
      query = q
      res.end(
        Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\nout 3\n'), frame(2, 'no newline')]),
      )
    })
    const stream = await runtime.logs('abc', {
      follow: false,
      tailLines: 5,
      timestamps: true,
      signal: AbortSignal.timeout(5000),
    })
    expect(await readAll(stream)).toBe('out 1\nerr 1\nout 2\nout 3\nno newline\n')
    expect(query?.get('tail')).toBe('5')
    expect(query?.get('timestamps')).toBe('true')
    expect(query?.get('stdout')).toBe('true')
    expect(query?.get('stderr')).toBe('true')
  })

  test('follow: frames arrive as written; aborting ends the stream', async () => {
    let write: (b: Buffer) => void = () => {}
    const runtime = await fakeEngine((_id, q, res) => {
      expect(q.get('follow')).toBe('true')
      res.write(frame(1, 'first\n'))
      write = (b) => res.write(b)
    })
    const abort = new AbortController()
    const stream = await runtime.logs('abc', { follow: true, timestamps: false, signal: abort.signal })
    const lines: string[] = []
    stream.on('data', (chunk) => lines.push(String(chunk)))
    const ended = new Promise((resolve) => stream.once('close', resolve))
    await until(() => lines.join('') === 'first\n')
    write(frame(1, 'sec'))
    write(frame(1, 'ond\n'))
    await until(() => lines.join('') === 'first\nsecond\n')
    abort.abort()
    await ended
  })

  test('a missing container rejects NotFound', async () => {
    const runtime = await fakeEngine(() => {})
    const err = await runtime
      .logs('missing', { follow: false, timestamps: false, signal: AbortSignal.timeout(5000) })
      .catch((e) => e)
    expect(isRuntimeError(err, 'NotFound')).toBe(true)
  })
})

describe('mergedLines', () => {
  // Splits at every byte, the worst an engine can do; stream 1 and 2 as the frames say.
  const byteDemux: Demux = (raw, stdout, stderr) => {
    let pending = Buffer.alloc(0)
    raw.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 8 && pending.length >= 8 + pending.readUInt32BE(4)) {
        const size = pending.readUInt32BE(4)
        const sink = pending[0] === 2 ? stderr : stdout
        for (const byte of pending.subarray(8, 8 + size)) sink.write(Buffer.from([byte]))
        pending = pending.subarray(8 + size)
      }
    })
  }

  test('a stderr line never lands inside a stdout line; multi-byte characters survive splitting', async () => {
    const raw = new PassThrough()
    const out = mergedLines(raw, byteDemux)
    raw.write(frame(1, 'half of é'))
    raw.write(frame(2, 'an error\n'))
    raw.end(frame(1, ' line\n'))
    expect(await readAll(out)).toBe('an error\nhalf of é line\n')
  })

  test('destroying the lines destroys the raw stream (a follow stops)', async () => {
    const raw = new PassThrough()
    const out = mergedLines(raw, byteDemux)
    out.destroy()
    await new Promise((resolve) => raw.once('close', resolve))
    expect(raw.destroyed).toBe(true)
  })
})

async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
