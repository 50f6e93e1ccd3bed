import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../app.js'
import { MemoryStore } from '../storage/memory-store.js'
import { createApiServer, serverAuth } from './server-auth.js'

const run = promisify(execFile)
const REPO = join(import.meta.dirname, '../..')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helios-tls-'))
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('serverAuth', () => {
  test('off on loopback without a token file; with one, plus an in-memory admin token for the controllers', () => {
    expect(serverAuth({ host: '127.0.0.1' })).toEqual({})
    const { auth, controllerToken } = serverAuth({ host: '0.0.0.0', tokenFile: '/dev/null' })
    expect(controllerToken).toMatch(/^[\w-]{43}$/)
    expect(auth?.authenticate(`Bearer ${controllerToken}`)).toEqual({ name: 'system:controllers', role: 'admin' })
    expect(serverAuth({ host: '127.0.0.1', tokenFile: '/dev/null' }).controllerToken).not.toBe(controllerToken)
  })
})

describe('TLS (--tls-cert, --tls-key)', () => {
  test('both or neither', () => {
    const app = createApp({ store: new MemoryStore() })
    expect(() => createApiServer(app, { host: '127.0.0.1', tlsCert: 'c.pem' })).toThrow(
      '--tls-cert and --tls-key go together: give both or neither',
    )
    expect(createApiServer(app, { host: '127.0.0.1' }).scheme).toBe('http')
  })

  test('heliosctl talks to an https apiserver with a self-signed cert trusted through NODE_EXTRA_CA_CERTS', async () => {
    const flags = {
      host: '127.0.0.1',
      tlsCert: join(dir, 'cert.pem'),
      tlsKey: join(dir, 'key.pem'),
      tokenFile: '/dev/null',
    }
    const { auth, controllerToken } = serverAuth(flags)
    const { server, scheme } = createApiServer(createApp({ store: new MemoryStore(), auth }), flags)
    expect(scheme).toBe('https')
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
    const ctl = (env: NodeJS.ProcessEnv) =>
      run(process.execPath, ['--import', 'tsx', join(REPO, 'heliosctl/main.ts'), 'get', 'jobs', '--server', url], {
        cwd: REPO,
        env: { ...process.env, HELIOS_TOKEN: controllerToken, ...env },
      }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
      )
    try {
      const trusted = await ctl({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') })
      expect(trusted).toEqual({ code: 0, out: 'No resources found.\n' })
      const untrusted = await ctl({ NODE_EXTRA_CA_CERTS: '' })
      expect(untrusted.code).toBe(1)
      expect(untrusted.out).toMatch(
        /^error: cannot reach apiserver at https:\/\/127\.0\.0\.1:\d+ \(.*(SELF_SIGNED|self.signed)/i,
      )
    } finally {
      server.closeAllConnections()
      server.close()
    }
  }, 30_000)
})
