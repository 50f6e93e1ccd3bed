import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { HeliosClient } from '../client/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { selfSignedCertificate, type TestCertificate } from '../testing/test-certificate.js'
import { createLogServer, type LogServer } from './log-server.js'
import { heartbeat, registerHost } from './registrar.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { parseTlsIdentity, tlsFlagsProblem } from './tls-identity.js'

let dir: string
let certA: TestCertificate
let certB: TestCertificate
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helios-agent-tls-'))
  certA = selfSignedCertificate(dir, 'agent-a')
  certB = selfSignedCertificate(dir, 'agent-b')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('--tls-cert / --tls-key', () => {
  test("the pair's SHA-256 is the certificate's as openssl prints it", () => {
    expect(parseTlsIdentity(certA.cert, certA.key)).toEqual({
      cert: certA.cert,
      key: certA.key,
      certificateSha256: certA.sha256,
    })
    expect(certA.sha256).not.toBe(certB.sha256)
  })

  test('a key of another certificate, a key for a cert, garbage, and one flag alone are one-line errors', () => {
    expect(parseTlsIdentity(certA.cert, certB.key)).toBe(
      '--tls-key is not the private key of the certificate in --tls-cert',
    )
    expect(parseTlsIdentity(certA.key, certA.key)).toMatch(/^--tls-cert: not a PEM certificate \(/)
    expect(parseTlsIdentity(certA.cert, certA.cert)).toMatch(/^--tls-key: not a PEM private key \(/)
    expect(parseTlsIdentity('', '')).toMatch(/^--tls-cert: not a PEM certificate/)
    expect(tlsFlagsProblem('c.pem', undefined)).toBe('--tls-cert needs --tls-key (the private key of that certificate)')
    expect(tlsFlagsProblem(undefined, 'k.pem')).toBe(
      '--tls-key needs --tls-cert (the certificate the log endpoint serves)',
    )
    expect(tlsFlagsProblem(undefined, undefined)).toBeUndefined()
    expect(tlsFlagsProblem('c.pem', 'k.pem')).toBeUndefined()
  })
})

describe('the log endpoint with TLS', () => {
  let server: LogServer | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server = undefined
  })

  async function serveTls(): Promise<number> {
    const runtime = new HollowRuntime({ images: ['busybox'] })
    server = createLogServer({ runtime, hostName: 'h1', token: 't', tls: certA, log: () => {} })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  test('speaks HTTPS with the certificate whose SHA-256 is reported, and refuses the bearer-less', async () => {
    const port = await serveTls()
    const answer = await new Promise<{ status?: number; sha256: string }>((resolve, reject) => {
      const req = httpsGet({ host: '127.0.0.1', port, path: '/tasks/x@h1/log', rejectUnauthorized: false }, (res) => {
        const peer = (res.socket as TLSSocket).getPeerX509Certificate()
        res.resume()
        resolve({
          status: res.statusCode,
          sha256: createHash('sha256')
            .update(peer?.raw ?? '')
            .digest('hex'),
        })
      })
      req.on('error', reject)
    })
    expect(answer).toEqual({ status: 401, sha256: certA.sha256 })
  })

  test('plain HTTP gets no answer at all', async () => {
    const port = await serveTls()
    const outcome = await new Promise<string>((resolve) => {
      const req = httpGet({ host: '127.0.0.1', port, path: '/tasks/x@h1/log' }, (res) => {
        res.resume()
        resolve(`HTTP ${res.statusCode}`)
      })
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
    })
    expect(outcome).toMatch(/^(ECONNRESET|EPIPE)$/)
  })
})

describe('Host status', () => {
  let api: FakeApiServer
  beforeAll(async () => {
    api = new FakeApiServer()
  })
  afterAll(() => api.close())

  test('reports the certificate SHA-256 beside the address, and neither without an address', async () => {
    const deps = {
      client: new HeliosClient(await api.listen()),
      runtime: new HollowRuntime(),
      hostName: 'h1',
      labels: {},
      agentVersion: '0.1.0',
      startedAt: '2024-01-01T00:00:00.000Z',
      clock: new ManualClock(),
      log: () => {},
    }
    const host = await registerHost(deps)
    await heartbeat({ ...deps, agentAddress: '10.0.0.5:5803', agentCertificateSha256: certA.sha256 }, host)
    expect(api.get('hosts', 'h1')?.status).toMatchObject({
      agentAddress: '10.0.0.5:5803',
      agentCertificateSha256: certA.sha256,
    })
    await heartbeat({ ...deps, agentCertificateSha256: certA.sha256 }, host)
    expect(api.get('hosts', 'h1')?.status).not.toHaveProperty('agentCertificateSha256')
  })
})
