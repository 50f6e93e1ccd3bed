import { describe, expect, test } from 'vitest'
import { advertisedAddress, defaultListenAddress, listenProblem, parseListenAddress } from './listen-address.js'

describe('--listen-address', () => {
  test('HOST:PORT, [IPv6]:PORT, none; anything else is a one-line error', () => {
    expect(parseListenAddress('0.0.0.0:5803')).toEqual({ host: '0.0.0.0', port: 5803 })
    expect(parseListenAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 })
    expect(parseListenAddress('[::1]:80')).toEqual({ host: '::1', port: 80 })
    expect(parseListenAddress('none')).toBeUndefined()
    for (const bad of ['5803', 'host:', 'host:70000', ':80', 'a:b:80'])
      expect(parseListenAddress(bad)).toBe(
        `invalid --listen-address "${bad}": expected HOST:PORT (port 0 picks one) or none`,
      )
  })

  test('without a token: loopback by default, and nothing else unless --insecure-no-auth', () => {
    expect(defaultListenAddress(false)).toBe('127.0.0.1:5803')
    expect(defaultListenAddress(true)).toBe('0.0.0.0:5803')
    const wild = { host: '0.0.0.0', port: 5803 }
    expect(listenProblem(wild, false, false)).toMatch(/^refusing to serve container logs on 0.0.0.0 without auth/)
    expect(listenProblem(wild, true, false)).toBeUndefined()
    expect(listenProblem(wild, false, true)).toBeUndefined()
    expect(listenProblem({ host: 'localhost', port: 1 }, false, false)).toBeUndefined()
  })

  test('the advertised address: --advertise-address (bound port when it has none), else listen host or hostname', () => {
    const listen = { host: '0.0.0.0', port: 0 }
    expect(advertisedAddress({ listen, port: 41000, hostname: 'web1' })).toBe('web1:41000')
    expect(advertisedAddress({ listen: { host: '10.0.0.5', port: 0 }, port: 41000, hostname: 'web1' })).toBe(
      '10.0.0.5:41000',
    )
    expect(advertisedAddress({ advertise: 'web1.internal', listen, port: 41000, hostname: 'x' })).toBe(
      'web1.internal:41000',
    )
    expect(advertisedAddress({ advertise: 'lb:9000', listen, port: 41000, hostname: 'x' })).toBe('lb:9000')
    expect(advertisedAddress({ advertise: 'fd00::5', listen, port: 1, hostname: 'x' })).toBe('[fd00::5]:1')
  })
})
