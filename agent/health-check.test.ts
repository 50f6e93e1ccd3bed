import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
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
      reason: `GET http://127.0.0.1:${port}/boom answered 500`,
    })
  })

  test('tcp: a listening port passes, a closed one fails', async () => {
    expect(await probe({ type: 'tcp', port: 'http' }, target(port))).toEqual({ ok: true })
    const closed = await probe({ type: 'tcp', port: 'http' }, target(1))
    expect(closed.ok).toBe(false)
  })

  test('exec runs through the runtime and never throws', async () => {
    const failed = await probe({ type: 'exec', command: ['true'] }, target(port))
    expect(failed).toEqual({ ok: false, reason: 'no such container: c1' })
  })
})
