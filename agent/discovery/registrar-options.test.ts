import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { registration } from '../testing/registration-fixture.js'
import { registrarFromFlags } from './registrar-options.js'

const dir = mkdtempSync(join(tmpdir(), 'registrar-options-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const build = (flags: Partial<Parameters<typeof registrarFromFlags>[0]>) =>
  registrarFromFlags({ registrar: 'builtin', domain: '', ...flags }, 'h1')
const nameOf = (r: ReturnType<typeof build>) => (typeof r === 'string' ? r : r?.name)

describe('registrar flags', () => {
  test.each([
    [{}, undefined],
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

  test('the address of the A records: --registrar-address, else the host --address, else loopback', async () => {
    const cases = [
      [{ address: '10.0.0.9', hostAddress: '10.0.0.5' }, '10.0.0.9'],
      [{ hostAddress: '10.0.0.5' }, '10.0.0.5'],
      [{}, '127.0.0.1'],
    ] as const
    for (const [i, [flags, want]] of cases.entries()) {
      const path = join(dir, `address-${i}`)
      mkdirSync(path, { mode: 0o755 })
      const registrar = build({ registrar: `dnsmasq:${path}`, ...flags })
      if (typeof registrar !== 'object') throw new Error(String(registrar))
      await registrar.register('web@h1', [registration()])
      expect(readFileSync(join(path, 'helios-h1'), 'utf8')).toContain(`\n${want} web.example.net\n`)
    }
  })
})
