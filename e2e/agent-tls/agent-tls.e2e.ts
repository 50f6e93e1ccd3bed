// The agent-to-apiserver channel (issue 13): `helios-agent --tls-cert/--tls-key` serves container logs over HTTPS
// and reports its certificate's SHA-256 in Host status; the apiserver pins it. Real apiserver, agents, Docker and
// heliosctl: logs flow over TLS; an address answering with another certificate gets not one byte; and without TLS
// the apiserver sends no agent token to an address that is not loopback.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:tls'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { selfSignedCertificate, type TestCertificate } from '../../testing/test-certificate.js'
import { agentName, type Cluster, startCluster, TEST_IMAGE, waitFor } from '../harness.js'

const ADMIN = 'e2e-tls-admin-token'
const VIEWER = 'e2e-tls-viewer-token'
const AGENT_TOKEN = (host: string) => `e2e-tls-agent-token-${host}`
const SCRIPT = 'echo line-one; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 1; done'

let cluster: Cluster
let dir: string
let tlsHost: string
let liarHost: string
let plainHost: string
let certs: { agent: TestCertificate; liar: TestCertificate; impostor: TestCertificate }
let impostor: { server: Server; address: string; seen: { connections: number; closed: number; bytes: number } }
let outsideIp: string
const asViewer = (...args: string[]) => cluster.ctl(args, { env: { HELIOS_TOKEN: VIEWER } })
const hostStatus = async (name: string) =>
  (JSON.parse((await cluster.ctl(['get', 'host', name, '-o', 'json'])).stdout) as { status?: Record<string, unknown> })
    .status

beforeAll(async () => {
  tlsHost = agentName('agent-tls')
  liarHost = agentName('agent-tls')
  plainHost = agentName('agent-tls')
  dir = mkdtempSync(join(tmpdir(), 'helios-agent-tls-'))
  certs = {
    agent: selfSignedCertificate(dir, 'agent'),
    liar: selfSignedCertificate(dir, 'liar'),
    impostor: selfSignedCertificate(dir, 'impostor'),
  }
  impostor = await recordingTlsServer(certs.impostor)
  outsideIp = nonLoopbackIpv4()
  const tokens = join(dir, 'tokens.csv')
  writeFileSync(
    tokens,
    [
      `${ADMIN},alice,admin`,
      `${VIEWER},bob,viewer`,
      ...[tlsHost, liarHost, plainHost].map((h) => `${AGENT_TOKEN(h)},${h},agent`),
    ].join('\n'),
  )
  const tls = (cert: TestCertificate) => ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile]
  cluster = await startCluster({
    apiserverArgs: ['--token-file', tokens],
    agents: [
      { name: tlsHost, args: ['--token', AGENT_TOKEN(tlsHost), ...tls(certs.agent)] },
      // Serves with its own certificate, but reports an address where another certificate answers.
      {
        name: liarHost,
        args: ['--token', AGENT_TOKEN(liarHost), ...tls(certs.liar), '--advertise-address', impostor.address],
      },
      // Plain HTTP, reachable only through an address that is not loopback.
      {
        name: plainHost,
        args: ['--token', AGENT_TOKEN(plainHost), '--listen-address', '0.0.0.0:0', '--advertise-address', outsideIp],
      },
    ],
    ctlEnv: { HELIOS_TOKEN: ADMIN },
  })
  const created = await cluster.ctl(['create', 'ticker:v1', TEST_IMAGE, '--', 'sh', '-c', SCRIPT])
  expect(created.stderr).toBe('')
  for (const host of [tlsHost, liarHost, plainHost]) {
    expect((await cluster.ctl(['deploy', 'ticker:v1', host])).code).toBe(0)
  }
  await waitFor(
    async () => {
      const out = await cluster.ctl(['get', 'tasks', '-o', 'json'])
      const items = (JSON.parse(out.stdout) as { items: Array<{ status?: { state?: string } }> }).items
      return items.length === 3 && items.every((t) => t.status?.state === 'RUNNING')
    },
    { timeoutMs: 90_000, what: 'ticker RUNNING on all three hosts' },
  )
})
afterAll(async () => {
  await cluster?.stop()
  await new Promise<void>((resolve) => (impostor ? impostor.server.close(() => resolve()) : resolve()))
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('the agent reports its certificate SHA-256 beside its address, and its endpoint speaks TLS only', async () => {
  const status = await hostStatus(tlsHost)
  expect(status?.agentCertificateSha256).toBe(certs.agent.sha256)
  expect(status?.agentAddress).toMatch(/^127\.0\.0\.1:\d+$/)
  expect(await hostStatus(plainHost)).not.toHaveProperty('agentCertificateSha256')
  const [addressHost, port] = String(status?.agentAddress).split(':')
  const plain = await new Promise<string>((resolve) => {
    const req = httpGet({ host: addressHost, port: Number(port), path: '/tasks/x/log' }, (res) => {
      res.resume()
      resolve(`HTTP ${res.statusCode}`)
    })
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
  })
  expect(plain).toMatch(/^(ECONNRESET|EPIPE)$/)
})

test('heliosctl logs works through the apiserver over TLS', async () => {
  const out = await waitFor(
    async () => {
      const r = await asViewer('logs', `ticker-v1@${tlsHost}`)
      return /^tick-2$/m.test(r.stdout) ? r : undefined
    },
    { timeoutMs: 60_000, what: 'logs over TLS to show tick-2' },
  )
  expect(out.code).toBe(0)
  expect(out.stderr).toBe('')
  expect(out.stdout.split('\n')[0]).toBe('line-one')
  const tail = await asViewer('logs', `ticker-v1@${tlsHost}`, '--tail', '1')
  expect(tail.stdout).toMatch(/^tick-\d+\n$/)
})

test('an address answering with another certificate: refused naming both, and not one byte sent to it', async () => {
  expect((await hostStatus(liarHost))?.agentCertificateSha256).toBe(certs.liar.sha256)
  for (let round = 0; round < 3; round++) {
    const out = await asViewer('logs', `ticker-v1@${liarHost}`, '-f')
    expect(out.code).toBe(1)
    expect(out.stdout).toBe('')
    expect(out.stderr).toBe(
      `error: the agent of host "${liarHost}" at ${impostor.address} presented a certificate with SHA-256 ${certs.impostor.sha256}, but its Host status pins ${certs.liar.sha256}: nothing was sent to it\n`,
    )
  }
  await waitFor(async () => impostor.seen.closed === impostor.seen.connections || undefined, {
    timeoutMs: 10_000,
    what: 'the impostor connections to close',
  })
  expect(impostor.seen.connections).toBeGreaterThanOrEqual(3)
  expect(impostor.seen.bytes).toBe(0)
})

test('plain HTTP to an address that is not loopback: the token is not sent, and the message says what to do', async () => {
  const status = await hostStatus(plainHost)
  expect(status?.agentAddress).toMatch(new RegExp(`^${outsideIp.replaceAll('.', '\\.')}:\\d+$`))
  const out = await asViewer('logs', `ticker-v1@${plainHost}`)
  expect(out.code).toBe(1)
  expect(out.stderr).toBe(
    `error: refusing to send the agent token of host "${plainHost}" in clear text to ${status?.agentAddress} (${outsideIp} is not loopback): start its agent with --tls-cert and --tls-key, so that the apiserver reaches it over TLS\n`,
  )
})

/** A TLS endpoint with `cert` that records its connections and every byte of application data it receives. */
async function recordingTlsServer(cert: TestCertificate) {
  const seen = { connections: 0, closed: 0, bytes: 0 }
  const server = createServer({ cert: cert.cert, key: cert.key }, (socket) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

/** An IPv4 address of this machine that is not loopback (Docker's bridge at least); fails loudly without one. */
function nonLoopbackIpv4(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  if (!found) throw new Error('this scenario needs a non-loopback IPv4 address on this machine (none found)')
  return found.address
}
