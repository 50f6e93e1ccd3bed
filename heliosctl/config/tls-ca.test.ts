// An https:// server with a self-signed certificate reached through a config cluster's certificateAuthority,
// in-process and without NODE_EXTRA_CA_CERTS (e2e/cli-config does the same against the real apiserver's --tls-cert).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'

let dir: string
let url: string
let token: string
let close: () => void

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-tls-'))
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem')],
    ],
    { stdio: 'ignore' },
  )
  token = 'tls-token'
  const tls = { cert: readFileSync(join(dir, 'ca.pem')), key: readFileSync(join(dir, 'key.pem')) }
  // Just enough apiserver for `get jobs`: an empty list, and 401 without the token.
  const server = createServer(tls, (req, res) => {
    const ok = req.headers.authorization === `Bearer ${token}`
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
    res.end(JSON.stringify(ok ? { kind: 'List', items: [] } : { reason: 'Unauthorized', message: 'no token' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => {
    server.closeAllConnections()
    server.close()
  }
})
afterAll(() => {
  close?.()
  rmSync(dir, { recursive: true, force: true })
})

test('the cluster CA (relative to the config file) is trusted; without it the hint names --certificate-authority', async () => {
  const file = join(dir, 'config.yaml')
  writeFileSync(
    file,
    `currentCluster: tls\nclusters:\n  - {name: tls, server: "${url}", token: "${token}", certificateAuthority: ca.pem}\n  - {name: bare, server: "${url}", token: "${token}"}\n`,
  )
  const env = { HELIOS_CONFIG: file }
  expect(await heliosctl('', ['get', 'jobs'], { env })).toEqual({
    code: 0,
    stdout: '',
    stderr: 'No resources found.\n',
  })
  const untrusted = await heliosctl('', ['--cluster', 'bare', 'get', 'jobs'], { env })
  expect(untrusted.code).toBe(1)
  expect(untrusted.stderr).toMatch(
    /^error: cannot reach apiserver at https:\/\/127\.0\.0\.1:\d+ \(.*SELF_SIGNED.*\)\nhint: its TLS certificate is not trusted: heliosctl config set-cluster NAME --certificate-authority CA\.pem; the URL came from cluster "bare" in .*\n$/,
  )
}, 30_000)
