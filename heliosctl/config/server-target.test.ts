import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { UsageError } from '../usage-error.js'
import { ConfigError } from './config-file.js'
import type { HeliosctlConfig } from './config-schema.js'
import { DEFAULT_SERVER, resolveTarget, type TargetInputs } from './server-target.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-target-'))
  writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CONFIG: HeliosctlConfig = {
  apiVersion: 'heliosctl/v1',
  currentCluster: 'prod',
  clusters: [
    { name: 'prod', server: 'https://prod:5801', token: 'prod-token', certificateAuthority: 'ca.pem' },
    { name: 'dev', server: 'http://dev:5801' },
  ],
}

function resolve(overrides: Partial<TargetInputs> = {}, config: HeliosctlConfig = CONFIG) {
  let reads = 0
  const target = resolveTarget({
    env: {},
    configFile: join(dir, 'config.yaml'),
    config: () => {
      reads += 1
      return config
    },
    ...overrides,
  })
  return { ...target, ca: target.ca ? 'PEM' : undefined, reads }
}

describe('resolveTarget: flags > env > config cluster > default', () => {
  test('the current cluster: its server, token and CA (read relative to the config file)', () => {
    expect(resolve()).toMatchObject({
      server: 'https://prod:5801',
      token: 'prod-token',
      tokenFrom: 'cluster',
      ca: 'PEM',
    })
    expect(resolve().source).toEqual({ from: 'cluster', cluster: 'prod', file: join(dir, 'config.yaml') })
  })

  test('HELIOS_SERVER beats the current cluster, whose token and CA then stay home; HELIOS_TOKEN is sent', () => {
    const env = { HELIOS_SERVER: 'http://env:1', HELIOS_TOKEN: 'env-token' }
    expect(resolve({ env })).toEqual({
      server: 'http://env:1',
      source: { from: 'env' },
      token: 'env-token',
      tokenFrom: 'env',
      ca: undefined,
      reads: 0,
    })
    expect(resolve({ env: { HELIOS_SERVER: 'http://env:1' } }).token).toBeUndefined()
  })

  test('--server and --auth-token beat everything, and never read the config file', () => {
    const env = { HELIOS_SERVER: 'http://env:1', HELIOS_TOKEN: 'env-token' }
    expect(resolve({ env, server: 'http://flag:1', authToken: 'flag-token' })).toEqual({
      server: 'http://flag:1',
      source: { from: 'flag' },
      token: 'flag-token',
      tokenFrom: 'flag',
      ca: undefined,
      reads: 0,
    })
    expect(resolve({ env, server: 'http://flag:1' })).toMatchObject({ token: 'env-token', tokenFrom: 'env' })
  })

  test('HELIOS_TOKEN and --auth-token beat the current cluster token, still sent to its server', () => {
    expect(resolve({ env: { HELIOS_TOKEN: 'env-token' } })).toMatchObject({
      server: 'https://prod:5801',
      token: 'env-token',
    })
    expect(resolve({ authToken: 'flag-token' })).toMatchObject({ server: 'https://prod:5801', tokenFrom: 'flag' })
  })

  test('--cluster NAME is a flag: it beats HELIOS_SERVER and HELIOS_TOKEN; --auth-token still beats its token', () => {
    const env = { HELIOS_SERVER: 'http://env:1', HELIOS_TOKEN: 'env-token' }
    expect(resolve({ env, cluster: 'dev' })).toMatchObject({ server: 'http://dev:5801' })
    expect(resolve({ env, cluster: 'dev' }).token).toBeUndefined()
    expect(resolve({ env, cluster: 'prod' })).toMatchObject({ token: 'prod-token', tokenFrom: 'cluster' })
    expect(resolve({ cluster: 'prod', authToken: 'f' })).toMatchObject({ server: 'https://prod:5801', token: 'f' })
    expect(() => resolve({ cluster: 'nope' })).toThrow(
      new UsageError(`no cluster "nope" in ${join(dir, 'config.yaml')} (clusters: prod, dev)`),
    )
    expect(() => resolve({ cluster: 'dev', server: 'http://x' })).toThrow(UsageError)
  })

  test('no current cluster: the default; a current cluster naming nothing, or an unreadable CA: a config error', () => {
    const none: HeliosctlConfig = { apiVersion: 'heliosctl/v1', clusters: [] }
    expect(resolve({}, { ...none })).toMatchObject({ server: DEFAULT_SERVER, source: { from: 'default' } })
    expect(() => resolve({}, { ...none, currentCluster: 'gone' })).toThrow(ConfigError)
    const badCa = { ...CONFIG, clusters: [{ name: 'prod', server: 'https://p', certificateAuthority: 'missing.pem' }] }
    expect(() => resolve({}, badCa)).toThrow(/^cluster "prod": cannot read certificateAuthority .*missing\.pem: ENOENT/)
  })
})
