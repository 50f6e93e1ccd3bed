import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { selfSignedCertificate, type TestCertificate } from '../testing/test-certificate.js'
import { host, serveTestApp, type TestServer, task, until } from './test-fixture.js'

const LOG = '/apis/helios/v1/tasks/web@h1/log'
const TOKENS = ['first-agent-token', 'second-agent-token']

let dir: string
let certA: TestCertificate
let certB: TestCertificate
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helios-logs-tls-'))
  certA = selfSignedCertificate(dir, 'agent-a')
  certB = selfSignedCertificate(dir, 'agent-b')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const closers: Array<() => Promise<void>> = []
let s: TestServer | undefined
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await s?.close()
  s = undefined
})

async function listening<T extends Server>(server: T, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  closers.push(
    () =>
      new Promise((resolve) => {
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => resolve())
      }),
  )
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** An agent's log endpoint: HTTPS with `cert` (or plain HTTP), recording each request's path and bearer. */
async function fakeAgent(
  cert: TestCertificate | undefined,
  answer: (res: ServerResponse) => void = (res) => res.end('line\n'),
) {
  const requests: Array<{ url: string; auth: string | undefined }> = []
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization })
    if (req.headers.authorization === `Bearer ${TOKENS[0]}`) res.writeHead(401).end('{}')
    else answer(res)
  }
  const server = cert ? createHttpsServer({ cert: cert.cert, key: cert.key }, handle) : createHttpServer(handle)
  return { address: await listening(server), requests }
}

/** A TLS endpoint with `cert` that records its connections and every byte of application data a client sends. */
async function recordingTls(cert: TestCertificate) {
  const seen = { connections: 0, closed: 0, bytes: 0 }
  const server = createTlsServer({ cert: cert.cert, key: cert.key }, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length
    })
    socket.on('error', () => {})
  })
  server.on('connection', (raw) => {
    seen.connections++
    raw.once('close', () => seen.closed++)
  })
  server.on('tlsClientError', () => {})
  return { address: await listening(server), seen }
}

async function seed(status: Record<string, unknown>) {
  const hostStatus = { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00.000Z', ...status }
  await s?.store.create({ ...host('h1'), status: hostStatus } as AnyObject)
  const taskStatus = { state: 'RUNNING', containerId: 'c0ffee', updatedAt: hostStatus.lastHeartbeat }
  await s?.store.create({ ...task('web', 'h1'), status: taskStatus } as AnyObject)
}

describe('logs from an agent serving TLS (status.agentCertificateSha256)', () => {
  test('the pinned certificate: streamed over TLS, tokens presented in turn as over plain HTTP', async () => {
    const agent = await fakeAgent(certA)
    s = await serveTestApp({ agentTokens: () => TOKENS })
    await seed({ agentAddress: agent.address, agentCertificateSha256: certA.sha256 })
    expect(await s.call('GET', `${LOG}?tailLines=1`)).toEqual({ status: 200, body: 'line\n' })
    expect(agent.requests).toEqual([
      { url: '/tasks/web%40h1/log?tailLines=1', auth: `Bearer ${TOKENS[0]}` },
      { url: '/tasks/web%40h1/log?tailLines=1', auth: `Bearer ${TOKENS[1]}` },
    ])
  })

  test('an open apiserver (no tokens) still dials TLS when a certificate is pinned', async () => {
    const agent = await fakeAgent(certA)
    s = await serveTestApp()
    await seed({ agentAddress: agent.address, agentCertificateSha256: certA.sha256 })
    expect(await s.call('GET', LOG)).toEqual({ status: 200, body: 'line\n' })
    expect(agent.requests.map((r) => r.auth)).toEqual([undefined])
  })

  test('another certificate at the address: 503 naming both digests, and not one byte after the handshake', async () => {
    const impostor = await recordingTls(certB)
    s = await serveTestApp({ agentTokens: () => TOKENS })
    await seed({ agentAddress: impostor.address, agentCertificateSha256: certA.sha256 })
    for (let round = 0; round < 3; round++) {
      const reply = await s.call('GET', `${LOG}?follow=1`)
      expect(reply).toMatchObject({ status: 503, body: { reason: 'Unavailable' } })
      expect(reply.body.message).toBe(
        `the agent of host "h1" at ${impostor.address} presented a certificate with SHA-256 ${certB.sha256}, but its Host status pins ${certA.sha256}: nothing was sent to it`,
      )
    }
    await until(() => impostor.seen.closed === 3, 'the impostor connections to close')
    expect(impostor.seen).toEqual({ connections: 3, closed: 3, bytes: 0 })
  })

  test('a pinned host whose address speaks plain HTTP: 503, and no request reaches it', async () => {
    const plain = await fakeAgent(undefined)
    s = await serveTestApp({ agentTokens: () => TOKENS })
    await seed({ agentAddress: plain.address, agentCertificateSha256: certA.sha256 })
    const reply = await s.call('GET', LOG)
    expect(reply.status).toBe(503)
    expect(reply.body.message).toMatch(
      new RegExp(`^cannot reach the agent of host "h1" at ${plain.address} over TLS \\(\\w+`),
    )
    expect(plain.requests).toEqual([])
  })
})

describe('logs from an agent serving plain HTTP', () => {
  test.each(['192.0.2.10:5803', '[2001:db8::1]:5803', '10.0.0.1:80', '0.0.0.0:5803', '[::]:5803'])(
    'with tokens, %s (not loopback) is refused before any connection, telling the operator to use TLS',
    async (address) => {
      s = await serveTestApp({ agentTokens: () => TOKENS })
      await seed({ agentAddress: address })
      const reply = await s.call('GET', LOG)
      expect(reply.status).toBe(503)
      expect(reply.body.message).toMatch(
        /^refusing to send the agent token of host "h1" in clear text to \S+ \(\S+ is not loopback\): start its agent with --tls-cert and --tls-key, so that the apiserver reaches it over TLS$/,
      )
    },
  )

  test('with tokens, loopback (by address or by the name localhost) is dialed as before', async () => {
    const agent = await fakeAgent(undefined)
    s = await serveTestApp({ agentTokens: () => TOKENS })
    const port = agent.address.split(':')[1]
    await seed({ agentAddress: `localhost:${port}` })
    expect(await s.call('GET', LOG)).toEqual({ status: 200, body: 'line\n' })
    expect(agent.requests.map((r) => r.auth)).toEqual([`Bearer ${TOKENS[0]}`, `Bearer ${TOKENS[1]}`])
  })

  test("an agent's endless error body is cut off: 503 with the start of it", async () => {
    const agent = await fakeAgent(undefined, (res) => {
      res.writeHead(500)
      const chunk = 'x'.repeat(64 * 1024)
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return
        res.once('drain', pump)
      }
      pump()
    })
    s = await serveTestApp()
    await seed({ agentAddress: agent.address })
    const reply = await s.call('GET', LOG)
    expect(reply.status).toBe(503)
    expect(reply.body.message).toBe(
      `the agent of host "h1" at ${agent.address} could not serve the logs: ${'x'.repeat(200)}`,
    )
  })

  test('an address that is no host:port: 503 saying so, nothing dialed', async () => {
    s = await serveTestApp({ agentTokens: () => TOKENS })
    await seed({ agentAddress: 'evil.example/x?y=1:80' })
    expect((await s.call('GET', LOG)).body.message).toBe(
      'host "h1" reports agent address "evil.example/x?y=1:80", not host:port',
    )
  })
})
