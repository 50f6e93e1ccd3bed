import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { registration } from '../testing/registration-fixture.js'
import { createDnsmasqRegistrar } from './dnsmasq-registrar.js'

const web = registration({ tags: ['v2'] })
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnsmasq-registrar-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const hostsLines = () => readFileSync(join(dir, 'helios-h1'), 'utf8').split('\n').slice(1, -1)

describe('dnsmasq registrar', () => {
  test('register and deregister rewrite the hosts file and the SRV conf; only dotfiles beside the hosts file', async () => {
    const srvFile = `${dir}.srv.conf`
    const registrar = createDnsmasqRegistrar({ dir, host: 'h1', address: '10.0.0.5', srvFile })
    await registrar.register('web@h1', [web])
    await registrar.register('api@h1', [{ ...web, service: 'api', port: 20002, task: 'api@h1' }])
    expect(hostsLines()).toEqual([
      '10.0.0.5 api.example.net',
      '10.0.0.5 h1.hosts.example.net',
      '10.0.0.5 web.example.net',
    ])
    expect(readFileSync(srvFile, 'utf8')).toContain('srv-host=_web._http.example.net,h1.hosts.example.net,20001\n')
    await registrar.deregister('web@h1')
    await registrar.deregister('web@h1')
    expect(hostsLines()).toEqual(['10.0.0.5 api.example.net', '10.0.0.5 h1.hosts.example.net'])
    expect(readFileSync(srvFile, 'utf8')).not.toContain('_web.')
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['helios-h1'])
    rmSync(srvFile)
  })

  test('a new agent reads what the last one left, and writes the hosts file again', async () => {
    await createDnsmasqRegistrar({ dir, host: 'h1', address: '10.0.0.5' }).register('web@h1', [web])
    rmSync(join(dir, 'helios-h1'))
    const restarted = createDnsmasqRegistrar({ dir, host: 'h1', address: '10.0.0.6' })
    expect(await restarted.registered()).toEqual(new Map([['web@h1', [web]]]))
    expect(hostsLines()).toEqual(['10.0.0.6 h1.hosts.example.net', '10.0.0.6 web.example.net'])
  })

  test('a state file that is not ours (or not JSON) starts empty, logged, and register still works', async () => {
    for (const text of ['[]', '{"web@h1": [']) {
      writeFileSync(join(dir, '.helios-h1.json'), text)
      const logs: string[] = []
      const registrar = createDnsmasqRegistrar({ dir, host: 'h1', address: '10.0.0.5', log: (_, m) => logs.push(m) })
      expect(await registrar.registered()).toEqual(new Map())
      expect(logs).toEqual(['dnsmasq registrar: state file unreadable; starting empty'])
      await registrar.register('web@h1', [web])
      expect(hostsLines()).toEqual(['10.0.0.5 h1.hosts.example.net', '10.0.0.5 web.example.net'])
    }
  })

  test('an address that is not an IP is refused at start, never written', () => {
    expect(() => createDnsmasqRegistrar({ dir, host: 'h1', address: '0.0.0.0\n1.2.3.4' })).toThrow(/not an IP/)
    expect(readdirSync(dir)).toEqual([])
  })
})
