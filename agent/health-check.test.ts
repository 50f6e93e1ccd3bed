import { createServer, type Server } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHealthProbe } from './health-check.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'

let server: Server
let port: number
const probe = createHealthProbe(new HollowRuntime(), 1_000)
const target = (externalPort: number) => ({
  containerId: 'c1',
  ports: { http: { internalPort: 80, externalPort, protocol: 'tcp' as const } },
  jobPorts: { http: { internalPort: 80, protocol: 'tcp' as const } },
})

beforeAll(async () => {
  server = createServer((req, res) => {
    const code = req.url === '/ok' ? 200 : req.url === '/moved' ? 302 : 500
    res.writeHead(code, code === 302 ? { location: '/elsewhere' } : {}).end('x')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('health probes', () => {
  test('http: 2xx and 3xx pass, others fail with the status', async () => {
    expect(await probe({ type: 'http', port: 'http', path: '/ok' }, target(port))).toEqual({ ok: true })
    expect(await probe({ type: 'http', port: 'http', path: '/moved' }, target(port))).toEqual({ ok: true })
    expect(await probe({ type: 'http', port: 'http', path: '/boom' }, target(port))).toEqual({
      ok: false,
      reason: `http check GET http://127.0.0.1:${port}/boom failed: 500`,
    })
  })

  test('tcp: a listening port passes, a closed one fails', async () => {
    expect(await probe({ type: 'tcp', port: 'http' }, target(port))).toEqual({ ok: true })
    expect(await probe({ type: 'tcp', port: 'http' }, target(1))).toEqual({
      ok: false,
      reason: 'tcp check 127.0.0.1:1 failed: ECONNREFUSED',
    })
    const closed = await closedPort()
    expect(await probe({ type: 'http', port: 'http', path: '/' }, target(closed))).toEqual({
      ok: false,
      reason: `http check GET http://127.0.0.1:${closed}/ failed: ECONNREFUSED`,
    })
    expect(await probe({ type: 'tcp', port: 'admin' }, target(1))).toEqual({
      ok: false,
      reason: 'tcp check: port "admin" has no host port',
    })
  })

  test('tcp: a connection closed at once fails, as the Docker port proxy does when nothing listens inside', async () => {
    const proxy = createNetServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const proxyPort = (proxy.address() as AddressInfo).port
    try {
      expect(await probe({ type: 'tcp', port: 'http' }, target(proxyPort))).toEqual({
        ok: false,
        reason: `tcp check 127.0.0.1:${proxyPort} failed: the connection was closed at once (nothing listening in the container?)`,
      })
    } finally {
      proxy.close()
    }
  })

  test('http works on ports fetch() refuses (6666 is one of its "bad ports")', async () => {
    const bad = createServer((_req, res) => res.end('ok'))
    const listening = await new Promise<boolean>((resolve) => {
      bad.once('error', () => resolve(false))
      bad.listen(6666, '127.0.0.1', () => resolve(true))
    })
    if (!listening) return // taken on this machine; nothing to prove here
    try {
      expect(await probe({ type: 'http', port: 'http', path: '/' }, target(6666))).toEqual({ ok: true })
    } finally {
      await new Promise((resolve) => bad.close(resolve))
    }
  })

  test('exec runs through the runtime and never throws', async () => {
    const failed = await probe({ type: 'exec', command: ['true'] }, target(port))
    expect(failed).toEqual({ ok: false, reason: 'exec check "true" failed: no such container: c1' })
  })
})

async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const free = (s.address() as AddressInfo).port
  await new Promise((resolve) => s.close(resolve))
  return free
}
