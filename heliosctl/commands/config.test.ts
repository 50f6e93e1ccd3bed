import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'

let server: FakeApiserver
let dir: string
let file: string
let ca: string
const ctl = (argv: string[], env: Record<string, string> = {}) =>
  heliosctl('', argv, { env: { HELIOS_CONFIG: file, ...env } })

beforeAll(async () => {
  server = await startFakeApiserver('7.7.7')
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-config-verbs-'))
  ca = join(dir, 'ca.pem')
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
})
beforeEach(() => {
  file = join(dir, `c-${Math.random().toString(36).slice(2)}`, 'config.yaml')
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('config verbs', () => {
  test('set-cluster adds (the first becomes current), view redacts tokens, get-clusters marks the current one', async () => {
    expect(await ctl(['config', 'set-cluster', 'prod', '--server', server.url, '--token', 's3cret'])).toEqual({
      code: 0,
      stdout: 'Cluster "prod" added; it is the current cluster.\n',
      stderr: '',
    })
    expect((await ctl(['config', 'set-cluster', 'dev', '--server', 'http://127.0.0.1:1'])).stdout).toBe(
      'Cluster "dev" added.\n',
    )
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const view = await ctl(['config', 'view'])
    expect(view.stdout).toBe(
      `apiVersion: heliosctl/v1\ncurrentCluster: prod\nclusters:\n  - name: prod\n    server: ${server.url}\n    token: REDACTED\n  - name: dev\n    server: http://127.0.0.1:1\n`,
    )
    expect((await ctl(['config', 'view', '--raw'])).stdout).toContain('token: s3cret')
    expect(JSON.parse((await ctl(['config', 'view', '--json'])).stdout).clusters[0].token).toBe('REDACTED')
    expect((await ctl(['config', 'get-clusters'])).stdout).toBe(
      `CURRENT   NAME   SERVER\n*         prod   ${server.url}\n          dev    http://127.0.0.1:1\n`,
    )
    expect((await ctl(['config', 'get-clusters', '-o', 'name'])).stdout).toBe('prod\ndev\n')
    expect((await ctl(['config', 'current-cluster'])).stdout).toBe('prod\n')
  })

  test('use-cluster switches what verbs talk to; delete-cluster of the current one leaves none current', async () => {
    await ctl(['config', 'set-cluster', 'prod', '--server', server.url])
    await ctl(['config', 'set-cluster', 'dev', '--server', 'http://127.0.0.1:1'])
    expect((await ctl(['version'])).stdout).toBe('Client Version: 1.2.3\nServer Version: 7.7.7\n')
    expect(await ctl(['config', 'use-cluster', 'dev'])).toEqual({
      code: 0,
      stdout: 'Switched to cluster "dev".\n',
      stderr: '',
    })
    const unreachable = await ctl(['version'])
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toMatch(
      /^error: cannot reach apiserver at http:\/\/127\.0\.0\.1:1 \(.+\)\nhint: is the apiserver running\? the URL came from cluster "dev" in .*config\.yaml\n$/,
    )
    expect((await ctl(['--cluster', 'prod', 'version'])).code).toBe(0)
    expect((await ctl(['config', 'delete-cluster', 'dev'])).stdout).toBe(
      'Deleted cluster "dev"; no cluster is current now.\n',
    )
    expect(await ctl(['config', 'current-cluster'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: no current cluster in ${file}: heliosctl config use-cluster NAME\n`,
    })
  })

  test('the token of the config cluster is sent; set-cluster changes fields and "" removes one', async () => {
    const seen: string[] = []
    const auth = await import('node:http').then(({ createServer }) =>
      createServer((req, res) => {
        seen.push(req.headers.authorization ?? '')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"1"}')
      }),
    )
    await new Promise<void>((resolve) => auth.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(auth.address() as { port: number }).port}`
    try {
      await ctl(['config', 'set-cluster', 'a', '--server', url, '--token', 'tok'])
      await ctl(['version'])
      await ctl(['config', 'set-cluster', 'a', '--token', ''])
      await ctl(['version'])
      expect(seen).toEqual(['Bearer tok', ''])
    } finally {
      auth.close()
    }
    await ctl(['config', 'set-cluster', 'a', '--certificate-authority', ca])
    expect(readFileSync(file, 'utf8')).toContain(`certificateAuthority: ${ca}`)
  })

  test('errors: unknown clusters, a new cluster without --server, bad URLs and CA files', async () => {
    expect(await ctl(['config', 'use-cluster', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: no cluster "nope" in ${file} (clusters: none)\nhint: add --help for usage\n`,
    })
    expect((await ctl(['config', 'delete-cluster', 'nope'])).code).toBe(2)
    expect(await ctl(['config', 'set-cluster', 'x'])).toMatchObject({
      code: 1,
      stderr: 'error: cluster "x" is new: give its --server URL\n',
    })
    expect(await ctl(['config', 'set-cluster', 'x', '--server', 'ftp://h'])).toMatchObject({
      code: 2,
      stderr: 'error: cluster "x": server: must be an http:// or https:// URL\nhint: add --help for usage\n',
    })
    const notPem = join(dir, 'not.pem')
    writeFileSync(notPem, 'hello')
    const bad = await ctl(['config', 'set-cluster', 'x', '--server', 'https://h', '--certificate-authority', notPem])
    expect(bad.stderr).toBe(
      `error: --certificate-authority ${notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)\nhint: add --help for usage\n`,
    )
    expect((await ctl(['--cluster', 'x', 'version'])).code).toBe(2)
    expect(await ctl(['--cluster', 'x', '--server', server.url, 'get', 'jobs'])).toMatchObject({
      code: 2,
      stderr: 'error: --server and --cluster exclude each other: give one\nhint: add --help for usage\n',
    })
  })

  test('a malformed config file: one line naming the file and the field, exit 1; --server does not read it', async () => {
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'currentCluster: a\nclusters:\n  - name: a\n    server: http://h\n    tokne: x\n')
    for (const argv of [
      ['get', 'jobs'],
      ['config', 'view'],
      ['config', 'use-cluster', 'a'],
    ]) {
      expect(await heliosctl('', argv, { env: { HELIOS_CONFIG: broken } }), argv.join(' ')).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: config ${broken}: clusters[0].tokne: unknown field\n`,
      })
    }
    expect((await heliosctl(server.url, ['get', 'jobs'], { env: { HELIOS_CONFIG: broken } })).code).toBe(0)
    expect((await heliosctl('', ['--config', broken, 'version', '--client'])).code).toBe(0)
  })

  test('--config beats HELIOS_CONFIG', async () => {
    const other = join(dir, 'other.yaml')
    writeFileSync(other, `currentCluster: o\nclusters:\n  - {name: o, server: "${server.url}"}\n`)
    expect((await ctl(['--config', other, 'config', 'current-cluster'])).stdout).toBe('o\n')
  })
})
