/** @module `--address`: given, checked; by default the first non-loopback IPv4. */
import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, test } from 'vitest'
import { defaultHostAddress, parseHostAddress } from './host-address.js'

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo
const interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('fe80::1', 'IPv6'), nic('10.1.2.3', 'IPv4')],
  docker0: [nic('172.17.0.1', 'IPv4')],
}

describe('--address', () => {
  test('defaults to the first non-loopback IPv4, in interface order; none without one', () => {
    expect(defaultHostAddress(interfaces)).toBe('10.1.2.3')
    expect(defaultHostAddress({ lo: interfaces.lo })).toBeUndefined()
    expect(parseHostAddress(undefined, interfaces)).toEqual({ address: '10.1.2.3' })
  })

  test('takes an IPv4 or IPv6 address; anything else is a one-line error', () => {
    expect(parseHostAddress('192.168.0.9', interfaces)).toEqual({ address: '192.168.0.9' })
    expect(parseHostAddress('2001:db8::1', interfaces)).toEqual({ address: '2001:db8::1' })
    expect(parseHostAddress('web1', interfaces)).toBe('invalid --address "web1": expected an IPv4 or IPv6 address')
  })

  test('refuses addresses no other host can dial: unspecified, multicast, broadcast', () => {
    const refusals = ['0.0.0.0', '224.0.0.1', '239.255.255.250', '255.255.255.255', '::', 'ff02::1'].map((a) =>
      parseHostAddress(a, interfaces),
    )
    expect(refusals).toEqual([
      'invalid --address "0.0.0.0": the unspecified address reaches no single host',
      'invalid --address "224.0.0.1": a multicast address reaches no single host',
      'invalid --address "239.255.255.250": a multicast address reaches no single host',
      'invalid --address "255.255.255.255": the broadcast address reaches no single host',
      'invalid --address "::": the unspecified address reaches no single host',
      'invalid --address "ff02::1": a multicast address reaches no single host',
    ])
    for (const a of ['223.255.255.255', '240.0.0.1', '10.255.255.255', 'ff::1', 'fe80::1', '::1'])
      expect(parseHostAddress(a, interfaces)).toEqual({ address: a })
  })
})
