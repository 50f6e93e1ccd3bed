import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { ApiError } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { hintFor } from './error-hints.js'

let server: FakeApiserver
let closedUrl: string
let dir: string
const TOKENS = "--auth-token, HELIOS_TOKEN or the config cluster's token"

beforeAll(async () => {
  server = await startFakeApiserver()
  const closed = await startFakeApiserver()
  await closed.close()
  closedUrl = closed.url
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-hints-'))
})
afterEach(() => {
  server.onRequest = undefined
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** `get jobs` against an apiserver answering `err`. */
async function answering(err: ApiError, env: Record<string, string> = {}, argv = ['get', 'jobs']) {
  server.onRequest = () => {
    throw err
  }
  return heliosctl(server.url, argv, { env })
}

function configWith(cluster: { server: string; token?: string }): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`)
  const token = cluster.token ? `\n    token: ${cluster.token}` : ''
  writeFileSync(file, `currentCluster: prod\nclusters:\n  - name: prod\n    server: ${cluster.server}${token}\n`)
  return file
}

describe('an apiserver error is one line plus a hint', () => {
  test('401 without a token, with HELIOS_TOKEN, with the config cluster token', async () => {
    const unauthorized = new ApiError('Unauthorized', 'authentication required')
    expect(await answering(unauthorized)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: authentication required\nhint: no token was sent: set ${TOKENS}\n`,
    })
    expect((await answering(unauthorized, { HELIOS_TOKEN: 'nope' })).stderr).toBe(
      `error: authentication required\nhint: the token from HELIOS_TOKEN was refused: set the right one (${TOKENS})\n`,
    )
    server.onRequest = () => {
      throw unauthorized
    }
    const viaConfig = await heliosctl('', ['get', 'jobs'], {
      env: { HELIOS_CONFIG: configWith({ server: server.url, token: 'old' }) },
    })
    expect(viaConfig.stderr).toBe(
      `error: authentication required\nhint: the token from cluster "prod" was refused: set the right one (${TOKENS})\n`,
    )
    expect(viaConfig.code).toBe(1)
  })

  test("403: the role's refusal says which tokens to change; a Job token refusal needs no hint", async () => {
    const forbidden = await answering(new ApiError('Forbidden', 'user "bob" (viewer) may not create jobs'))
    expect(forbidden).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: user "bob" (viewer) may not create jobs\nhint: this token's user may not do that: use a token with a role that may (${TOKENS})\n`,
    })
    const jobToken = 'job "a:1" is protected by a token; pass the right one with --token'
    expect((await answering(new ApiError('Forbidden', jobToken))).stderr).toBe(`error: ${jobToken}\n`)
  })

  test('409: a stale write says re-run; a conflict that names its reason needs no hint', async () => {
    const stale = await answering(
      new ApiError('Conflict', 'deployment "web" was modified concurrently; re-read and retry'),
    )
    expect(stale.stderr).toBe(
      'error: deployment "web" was modified concurrently; re-read and retry\nhint: someone changed it since it was read: re-run the command (it reads it again)\n',
    )
    expect(stale.code).toBe(1)
    const inUse = await answering(new ApiError('Conflict', 'job "a:1" is still used by deployments: web'))
    expect(inUse.stderr).toBe('error: job "a:1" is still used by deployments: web\n')
  })

  test('422 names the fields to fix; 404 points at the list of the kind', async () => {
    const invalid = new ApiError('Invalid', 'Job "a:1" is invalid: spec.image: Required (and 1 more)', {
      causes: [
        { field: 'spec.image', message: 'Required' },
        { field: 'spec.ports.http.internalPort', message: 'Too big' },
      ],
    })
    expect(await answering(invalid)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: Job "a:1" is invalid: spec.image: Required (and 1 more)\n  → spec.ports.http.internalPort: Too big\nhint: fix spec.image, spec.ports.http.internalPort and re-run\n',
    })
    server.onRequest = undefined
    expect(await heliosctl(server.url, ['get', 'deployment', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    })
  })

  test('503 from the apiserver: it answered, its storage did not', async () => {
    expect((await answering(new ApiError('Unavailable', 'ZooKeeper at zk:2181 is unreachable'))).stderr).toBe(
      'error: ZooKeeper at zk:2181 is unreachable\nhint: the apiserver answered but cannot serve now: is its ZooKeeper up?\n',
    )
  })

  test('an unreachable server: the URL, and where it came from (flag, env, config cluster)', async () => {
    const reach = `error: cannot reach apiserver at ${closedUrl} (ECONNREFUSED)\nhint: is the apiserver running? the URL`
    expect((await heliosctl(closedUrl, ['get', 'jobs'])).stderr).toBe(`${reach} came from --server\n`)
    expect((await heliosctl('', ['get', 'jobs'], { env: { HELIOS_SERVER: closedUrl } })).stderr).toBe(
      `${reach} came from HELIOS_SERVER\n`,
    )
    const config = configWith({ server: closedUrl })
    const viaConfig = await heliosctl('', ['get', 'jobs'], { env: { HELIOS_CONFIG: config } })
    expect(viaConfig).toEqual({ code: 1, stdout: '', stderr: `${reach} came from cluster "prod" in ${config}\n` })
  })
})

describe('hintFor', () => {
  test('the default server is named as such; an untrusted certificate points at --certificate-authority', () => {
    const unreachable = new ApiError('Unavailable', 'cannot reach apiserver at http://127.0.0.1:5801 (ECONNREFUSED)')
    const target = { server: 'http://127.0.0.1:5801', source: { from: 'default', file: '/c.yaml' } } as const
    expect(hintFor(unreachable, target)).toBe(
      'is the apiserver running? the URL is the default (no --server, HELIOS_SERVER or current cluster in /c.yaml)',
    )
    const tls = new ApiError('Unavailable', 'cannot reach apiserver at https://h:1 (DEPTH_ZERO_SELF_SIGNED_CERT)')
    expect(hintFor(tls, { server: 'https://h:1', source: { from: 'flag' } })).toBe(
      'its TLS certificate is not trusted: heliosctl config set-cluster NAME --certificate-authority CA.pem; the URL came from --server',
    )
  })
})
