// The apiserver's flag parsers that guard the systemd units: an empty value is refused, never taken as "off".
import { InvalidArgumentError } from 'commander'
import { describe, expect, it } from 'vitest'
import { given, parseDnsDomain, parseListen, parseMasterName } from './values.js'

describe('given', () => {
  it('refuses an empty or blank value, as an unset variable in a unit file gives', () => {
    expect(() => given('')).toThrow(InvalidArgumentError)
    expect(() => given('  ')).toThrow('give a value')
  })

  it('keeps any other value as it is', () => {
    expect(given('/etc/helios/tls/apiserver.crt')).toBe('/etc/helios/tls/apiserver.crt')
  })
})

describe('parseMasterName (--name)', () => {
  it.each(['', ' ', '.', '..', '...'])('refuses %j: no ZooKeeper node could hold it', (name) => {
    expect(() => parseMasterName(name)).toThrow('give a name, not blank or only dots')
  })

  it.each(['api1', 'api1.example.com:5801', '.hidden'])('keeps %j', (name) => {
    expect(parseMasterName(name)).toBe(name)
  })
})

describe('the DNS flags', () => {
  it('--dns-listen takes ADDRESS:PORT and [IPv6]:PORT', () => {
    expect(parseListen('0.0.0.0:53')).toEqual({ host: '0.0.0.0', port: 53 })
    expect(parseListen('[::1]:5353')).toEqual({ host: '::1', port: 5353 })
    for (const bad of ['53', '127.0.0.1', '127.0.0.1:70000', ':53'])
      expect(() => parseListen(bad)).toThrow('ADDRESS:PORT')
  })

  it('--dns-domain takes DNS labels, a final dot dropped', () => {
    expect(parseDnsDomain('services.example.com.')).toBe('services.example.com')
    for (const bad of ['', 'a..b', 'has space', `${'x'.repeat(64)}.com`])
      expect(() => parseDnsDomain(bad)).toThrow('a domain')
  })
})
