// The apiserver's flag parsers that guard the systemd units: an empty value is refused, never taken as "off".
import { InvalidArgumentError } from 'commander'
import { describe, expect, it } from 'vitest'
import { given, parseMasterName } from './values.js'

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
