import { describe, expect, test } from 'vitest'
import { registration } from '../testing/registration-fixture.js'
import { hostsFile, srvConf } from './dnsmasq-files.js'

const reg = registration

const byTask = new Map([
  ['web@h1', [reg({}), reg({ portName: 'admin', port: 8081 })]],
  ['db@h1', [reg({ service: 'db', protocol: 'tcp', domain: '', port: 5432, task: 'db@h1' })]],
])

describe('dnsmasq files', () => {
  test('hosts file: each service name and SRV target once, at this host’s address', () => {
    expect(hostsFile('10.0.0.5', byTask, 'h1').split('\n')).toEqual([
      "# helios-agent h1: its RUNNING Tasks' registrations (rewritten on change; do not edit)",
      '10.0.0.5 db',
      '10.0.0.5 h1',
      '10.0.0.5 h1.example.net',
      '10.0.0.5 web.example.net',
      '',
    ])
  })

  test('SRV lines: one per registered port, pointing at this host’s name', () => {
    expect(srvConf(byTask, 'h1').split('\n')).toEqual([
      '# helios-agent h1: SRV records of its RUNNING Tasks (do not edit)',
      'srv-host=_db._tcp,h1,5432',
      'srv-host=_web._http.example.net,h1.example.net,20001',
      'srv-host=_web._http.example.net,h1.example.net,8081',
      '',
    ])
  })

  test('nothing registered: the files keep only their header (dnsmasq drops the names)', () => {
    expect(hostsFile('10.0.0.5', new Map(), 'h1').split('\n').slice(1)).toEqual([''])
    expect(srvConf(new Map(), 'h1').split('\n').slice(1)).toEqual([''])
  })
})
