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
      '10.0.0.5 h1.hosts',
      '10.0.0.5 h1.hosts.example.net',
      '10.0.0.5 web.example.net',
      '',
    ])
  })

  test('SRV lines: one per registered port, pointing at this host’s name under hosts. (no service can shadow it)', () => {
    expect(srvConf(byTask, 'h1').split('\n')).toEqual([
      '# helios-agent h1: SRV records of its RUNNING Tasks (do not edit)',
      'srv-host=_db._tcp,h1.hosts,5432',
      'srv-host=_web._http.example.net,h1.hosts.example.net,20001',
      'srv-host=_web._http.example.net,h1.hosts.example.net,8081',
      '',
    ])
  })

  test('a name that is not a DNS name is left out and reported, never written', () => {
    const injected = new Map([
      [
        'web@h1',
        [reg({ domain: 'x\naddress=/google.com/6.6.6.6\n#' }), reg({ service: 'a b\tc' }), reg({ service: 'ok' })],
      ],
      ['db@h1', [reg({ service: 'db', port: 70000 })]],
    ])
    const refused: string[] = []
    const onRefused = (line: string, reason: string) => refused.push(`${line}: ${reason}`)
    expect(hostsFile('10.0.0.5', injected, 'h1', onRefused).split('\n').slice(1)).toEqual([
      '10.0.0.5 db.example.net',
      '10.0.0.5 h1.hosts.example.net',
      '10.0.0.5 ok.example.net',
      '',
    ])
    expect(refused).toContain('"10.0.0.5 a b\\tc.example.net": not a DNS name: "a b\\tc.example.net"')
    expect(refused).toHaveLength(3) // the injected domain's service name and host target, and "a b\tc"
    expect(srvConf(injected, 'h1', onRefused).split('\n').slice(1)).toEqual([
      'srv-host=_ok._http.example.net,h1.hosts.example.net,20001',
      '',
    ])
    expect(refused).toHaveLength(6)
  })

  test('nothing registered: the files keep only their header (dnsmasq drops the names)', () => {
    expect(hostsFile('10.0.0.5', new Map(), 'h1').split('\n').slice(1)).toEqual([''])
    expect(srvConf(new Map(), 'h1').split('\n').slice(1)).toEqual([''])
  })
})
