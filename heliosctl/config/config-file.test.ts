import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ConfigError, configPath, parseConfig, readConfig, writeConfig } from './config-file.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heliosctl-config-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const message = (text: string): string => {
  try {
    parseConfig(text, '/etc/c.yaml')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('parsed')
}

describe('configPath', () => {
  test('--config > HELIOS_CONFIG > XDG_CONFIG_HOME > ~/.config', () => {
    const env = { HELIOS_CONFIG: '/e.yaml', XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }
    expect(configPath('/flag.yaml', env)).toBe('/flag.yaml')
    expect(configPath(undefined, env)).toBe('/e.yaml')
    expect(configPath(undefined, { ...env, HELIOS_CONFIG: '' })).toBe('/xdg/heliosctl/config.yaml')
    expect(configPath(undefined, { HOME: '/home/u' })).toBe('/home/u/.config/heliosctl/config.yaml')
  })
})

describe('parseConfig', () => {
  test('a full file; an empty file; defaults', () => {
    const config = parseConfig(
      'currentCluster: a\nclusters:\n  - {name: a, server: "https://h:5801", token: t, certificateAuthority: ca.pem}\n',
      'c.yaml',
    )
    expect(config).toEqual({
      apiVersion: 'heliosctl/v1',
      currentCluster: 'a',
      clusters: [{ name: 'a', server: 'https://h:5801', token: 't', certificateAuthority: 'ca.pem' }],
    })
    expect(parseConfig('', 'c.yaml')).toEqual({ apiVersion: 'heliosctl/v1', clusters: [] })
  })

  test('one line naming the file and the field (or the YAML line)', () => {
    expect(message('clusters:\n  - {name: a, server: "ftp://h"}\n')).toBe(
      'config /etc/c.yaml: clusters[0].server: must be an http:// or https:// URL',
    )
    expect(message('clusters:\n  - {name: a, server: "http://h", tokn: x}\n')).toBe(
      'config /etc/c.yaml: clusters[0].tokn: unknown field',
    )
    expect(message('clusters:\n  - {name: a, server: "http://h"}\n  - {name: a, server: "http://g"}\n')).toBe(
      'config /etc/c.yaml: clusters[1].name: duplicate cluster "a"',
    )
    expect(message('clusters:\n  - {server: "http://h"}\n  - name: b\n')).toMatch(
      /^config \/etc\/c\.yaml: clusters\[0\]\.name: .+ \(and 1 more\)$/,
    )
    expect(message('clusters: [\n  {name: a\n')).toMatch(/^config \/etc\/c\.yaml: line \d+: [^\n]+$/)
    expect(message('currentCluster: [a]\n')).toMatch(/^config \/etc\/c\.yaml: currentCluster: /)
  })
})

describe('readConfig and writeConfig', () => {
  test('a missing file is an empty config; an unreadable one is a ConfigError', () => {
    expect(readConfig(join(dir, 'missing.yaml')).clusters).toEqual([])
    expect(() => readConfig(dir)).toThrow(ConfigError)
  })

  test('writes atomically with mode 0600 (even over a wider file), creating the folder, leaving no temp file', () => {
    const file = join(dir, 'sub', 'config.yaml')
    writeConfig(file, {
      apiVersion: 'heliosctl/v1',
      currentCluster: 'a',
      clusters: [{ name: 'a', server: 'http://h' }],
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe(
      'apiVersion: heliosctl/v1\ncurrentCluster: a\nclusters:\n  - name: a\n    server: http://h\n',
    )
    writeFileSync(file, 'clusters: []\n', { mode: 0o644 })
    writeConfig(file, { apiVersion: 'heliosctl/v1', clusters: [] })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(dir, 'sub'))).toEqual(['config.yaml'])
    expect(readConfig(file)).toEqual({ apiVersion: 'heliosctl/v1', clusters: [] })
  })

  test('a symlinked config is written where the link points, keeping the link', () => {
    const real = join(dir, 'real.yaml')
    const link = join(dir, 'link.yaml')
    writeFileSync(real, 'clusters: []\n')
    symlinkSync(real, link)
    writeConfig(link, { apiVersion: 'heliosctl/v1', clusters: [{ name: 'b', server: 'http://b' }] })
    expect(readConfig(real).clusters).toEqual([{ name: 'b', server: 'http://b' }])
    expect(readConfig(link).clusters).toEqual([{ name: 'b', server: 'http://b' }])
  })
})
