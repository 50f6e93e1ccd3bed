import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { NetworkInterfaceInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { defaultAddress, registrarFromFlags } from './registrar-options.js'

const dir = mkdtempSync(join(tmpdir(), 'registrar-options-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const nic = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo
const interfaces = {
  lo: [nic('127.0.0.1', true)],
  eth1: [nic('10.0.0.9', false)],
  eth0: [nic('fe80::1', false, 'IPv6'), nic('10.0.0.5', false)],
}
const build = (flags: Partial<Parameters<typeof registrarFromFlags>[0]>) =>
  registrarFromFlags({ registrar: 'builtin', domain: '', ...flags }, 'h1', interfaces)
const nameOf = (r: ReturnType<typeof build>) => (typeof r === 'string' ? r : r.name)

describe('registrar flags', () => {
  test.each([
    [{}, 'builtin'],
    [{ registrar: `dnsmasq:${dir}`, domain: 'example.net' }, `dnsmasq:${dir}`],
    [{ registrar: 'consul:x' }, 'invalid --registrar "consul:x": expected builtin or dnsmasq:DIR'],
    [{ registrar: 'dnsmasq:' }, 'invalid --registrar "dnsmasq:": expected builtin or dnsmasq:DIR'],
    [{ registrar: `dnsmasq:${dir}/nope` }, `invalid --registrar "dnsmasq:${dir}/nope": ${dir}/nope is not a directory`],
    [
      { registrar: `dnsmasq:${dir}`, address: '10.0.0' },
      'invalid --registrar-address "10.0.0": expected an IPv4 or IPv6 address',
    ],
    [
      { registrar: `dnsmasq:${dir}`, address: '0.0.0.0' },
      'invalid --registrar-address "0.0.0.0": the unspecified address reaches no single host',
    ],
    [{ address: '10.0.0.1' }, '--registrar-address needs --registrar dnsmasq:DIR'],
    [{ srvFile: '/tmp/srv.conf' }, '--registrar-srv-file needs --registrar dnsmasq:DIR'],
    [{ domain: 'bad domain' }, 'invalid --domain "bad domain": expected a DNS name such as example.net'],
  ])('%j → %s', (flags, want) => {
    expect(nameOf(build(flags))).toBe(want)
  })

  test('a dir others may write to is refused unless sticky (they could swap our files); a sticky one is taken', () => {
    const shared = (name: string, mode: number) => {
      const path = join(dir, name)
      mkdirSync(path)
      chmodSync(path, mode)
      return path
    }
    const refusal = (path: string) =>
      `invalid --registrar "dnsmasq:${path}": ${path} is writable by group or others without the sticky bit (chmod go-w or +t)`
    for (const mode of [0o777, 0o775, 0o757]) {
      const path = shared(`open-${mode.toString(8)}`, mode)
      expect(nameOf(build({ registrar: `dnsmasq:${path}` }))).toBe(refusal(path))
    }
    for (const mode of [0o1777, 0o755]) {
      const path = shared(`fine-${mode.toString(8)}`, mode)
      expect(nameOf(build({ registrar: `dnsmasq:${path}` }))).toBe(`dnsmasq:${path}`)
    }
  })

  test('the default address: the first external IPv4 by interface name, else loopback', () => {
    expect(defaultAddress(interfaces)).toBe('10.0.0.5')
    expect(defaultAddress({ lo: [nic('127.0.0.1', true)] })).toBe('127.0.0.1')
  })
})
