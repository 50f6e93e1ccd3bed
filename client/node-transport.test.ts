import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { isApiError } from '../apis/index.js'
import { HeliosClient } from './http-client.js'
import { nodeTransport, TransportError, TransportTimeout } from './node-transport.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const get = { method: 'GET', headers: {} }
const drain = async (body: AsyncIterable<Uint8Array>) => {
  let bytes = 0
  for await (const chunk of body) bytes += chunk.length
  return bytes
}

describe('nodeTransport timeouts', () => {
  test('no response headers in time: a TransportTimeout that may have reached the server', async () => {
    const url = await serve(() => {})
    const err = await nodeTransport()(url, { ...get, headersTimeoutMs: 200 }).catch((e) => e)
    expect(err).toBeInstanceOf(TransportTimeout)
    expect(err).toMatchObject({ phase: 'headers', mayHaveReached: true, code: 'ETIMEDOUT' })
    expect(err.message).toBe('no response within 0.2 s')
  })

  test('a refused connection cannot have reached the server', async () => {
    const url = await serve(() => {})
    const closing = servers.pop() as Server
    await new Promise((resolve) => closing.close(resolve))
    const err = await nodeTransport()(url, { ...get, headersTimeoutMs: 1_000 }).catch((e) => e)
    expect(err).toBeInstanceOf(TransportError)
    expect(err).toMatchObject({ code: 'ECONNREFUSED', mayHaveReached: false })
  })

  test('a body that stops half-way fails its reader after the idle limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200)
      res.write('{"items": [')
    })
    const res = await nodeTransport()(url, { ...get, headersTimeoutMs: 1_000, idleTimeoutMs: 200 })
    const err = await drain(res.body).catch((e) => e)
    expect(err).toBeInstanceOf(TransportTimeout)
    expect(err).toMatchObject({ phase: 'body', mayHaveReached: true })
  })

  test('without an idle limit a quiet body stays open past the headers deadline (a followed log)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200)
      res.write('first\n')
      setTimeout(() => res.end('last\n'), 600)
    })
    const res = await nodeTransport()(url, { ...get, headersTimeoutMs: 200, idleTimeoutMs: 0 })
    expect(await drain(res.body)).toBe('first\nlast\n'.length)
  })

  test('a timeout on one request leaves the next request on the same pooled connection alone', async () => {
    let n = 0
    const url = await serve((_req, res) => {
      n++
      if (n === 1) return void res.end('{}')
      setTimeout(() => res.end('{"late": true}'), 400)
    })
    const transport = nodeTransport()
    expect(await (await transport(url, { ...get, headersTimeoutMs: 200, idleTimeoutMs: 200 })).json()).toEqual({})
    expect(await (await transport(url, { ...get, headersTimeoutMs: 2_000 })).json()).toEqual({ late: true })
  })
})

describe('HeliosClient timeouts', () => {
  test('a hung apiserver fails a request with Unavailable naming it, instead of holding it for ever', async () => {
    const url = await serve(() => {})
    const err = await new HeliosClient(url, { requestTimeoutMs: 200 }).list('Job').catch((e) => e)
    expect(isApiError(err, 'Unavailable')).toBe(true)
    expect(err.message).toBe(`cannot reach apiserver at ${url} (no response within 0.2 s)`)
  })

  test('a read whose answer breaks off half-way is read again from the next server', async () => {
    const broken = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"kind": "List", "items": [')
    })
    const good = await serve((_req, res) => res.end('{"version": "1.2.3"}'))
    const client = new HeliosClient([broken, good], { requestTimeoutMs: 200 })
    expect(await client.version()).toEqual({ version: '1.2.3' })
    expect(client.server).toBe(good)
  })

  test('a followed log of a quiet container is not cut by the request timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('started\n')
      setTimeout(() => res.end('done\n'), 600)
    })
    const lines: string[] = []
    for await (const line of new HeliosClient(url, { requestTimeoutMs: 200 }).logs('web@h1', { follow: true }))
      lines.push(line)
    expect(lines).toEqual(['started', 'done'])
  })
})
