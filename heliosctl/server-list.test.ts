// heliosctl given several apiservers (--server a,b, HELIOS_SERVER, a config cluster): a dead or hung first one
// does not stop a verb, a bad entry is a usage error rather than a server silently skipped, and an error names
// every server tried.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { heliosctl } from './testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from './testing/fake-apiserver.js'
import { job } from './testing/fixtures.js'

let server: FakeApiserver
let gone: string
let hung: Server
let hungUrl: string
let dir: string

beforeAll(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'))
  const closed = await startFakeApiserver()
  await closed.close()
  gone = closed.url
  hung = createServer(() => {})
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
  hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-servers-'))
})
afterAll(async () => {
  await server.close()
  hung.closeAllConnections()
  hung.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('several apiservers', () => {
  test('--server a,b: the first is gone, the second answers', async () => {
    const r = await heliosctl(`${gone},${server.url}`, ['get', 'jobs', '-o', 'name'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toContain('web:v1')
  })

  test('HELIOS_SERVER with spaces and a trailing slash; the first hangs past --request-timeout', async () => {
    const env = { HELIOS_SERVER: ` ${hungUrl}/ , ${server.url}/` }
    const r = await heliosctl('', ['--request-timeout', '300ms', 'get', 'jobs', '-o', 'name'], { env })
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toContain('web:v1')
  })

  test('a config cluster whose server lists two URLs', async () => {
    const file = join(dir, 'config.yaml')
    writeFileSync(file, `currentCluster: ha\nclusters:\n  - name: ha\n    server: ${gone},${server.url}\n`)
    const r = await heliosctl('', ['get', 'jobs', '-o', 'name'], { env: { HELIOS_CONFIG: file } })
    expect(r).toMatchObject({ code: 0, stderr: '' })
  })

  test('a config cluster listing a bad URL is a config error naming the field', async () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, `currentCluster: ha\nclusters:\n  - name: ha\n    server: ${server.url},ftp://b\n`)
    const r = await heliosctl('', ['get', 'jobs'], { env: { HELIOS_CONFIG: file } })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`config ${file}: clusters[0].server: must be an http:// or https:// URL`)
  })

  test('none answers: the error names each server and why, the hint speaks of both', async () => {
    const r = await heliosctl(`${gone},${hungUrl}`, ['--request-timeout', '300ms', 'get', 'jobs'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `error: cannot reach apiserver at ${gone} (ECONNREFUSED), ${hungUrl} (no response within 0.3 s)\n` +
        'hint: are the apiservers running? the URLs came from --server\n',
    )
  })

  test('one hung apiserver: the hint names the request timeout', async () => {
    const r = await heliosctl(hungUrl, ['--request-timeout', '300ms', 'version'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      'hint: an apiserver accepted the connection but did not answer in time (--request-timeout)',
    )
  })

  test.each([
    [`${'http://a:5801'},127.0.0.1:5801`, '--server: "127.0.0.1:5801" is not a URL'],
    ['http://a:5801,ftp://b', '--server: "ftp://b" is not an http:// or https:// URL'],
    ['http://alice:pw@a:5801', '--server: "http://***@a:5801" must not hold a user or password'],
    [',', '--server: no apiserver URL given'],
  ])(
    'a bad entry in --server %j is a usage error (exit 2), never a server silently skipped',
    async (servers, error) => {
      const r = await heliosctl(servers, ['get', 'jobs'])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`error: ${error}`)
      expect(r.stderr).not.toContain('pw')
    },
  )

  test.each([
    [['-z', ''], '-z: no apiserver URL given'],
    [['--server', ''], '--server: no apiserver URL given'],
    [['-z', '', '-z', ','], '-z: no apiserver URL given'],
  ])('%j is a usage error, never a fall back to HELIOS_SERVER', async (flags, error) => {
    const r = await heliosctl('', [...flags, 'get', 'jobs'], { env: { HELIOS_SERVER: server.url } })
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toContain(`error: ${error}`)
  })

  test('a server URL with a bare "#" is refused: it would cut off the request path', async () => {
    const r = await heliosctl('', ['-z', `${server.url}/apis/helios/v1/jobs#`, 'hosts'])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toContain('must not have a query or fragment')
  })

  test('HELIOS_SERVER with a bad entry names the variable', async () => {
    const r = await heliosctl('', ['get', 'jobs'], { env: { HELIOS_SERVER: `${server.url},nope` } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: HELIOS_SERVER: "nope" is not a URL')
  })

  test('--request-timeout takes a duration', async () => {
    const r = await heliosctl(server.url, ['--request-timeout', 'soon', 'get', 'jobs'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('expected a duration such as 90s, 5m or 1h30m')
  })
})
