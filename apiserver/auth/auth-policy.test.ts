import { describe, expect, test } from 'vitest'
import { isLoopback } from '../../apis/index.js'
import { requiresAuth } from './auth-policy.js'

describe('auth policy', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['example.com', false],
  ])('isLoopback(%s) = %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected)
  })

  test('a token file always turns auth on', () => {
    expect(requiresAuth({ host: '127.0.0.1', tokenFile: 't.csv' })).toBe(true)
    expect(requiresAuth({ host: '0.0.0.0', tokenFile: 't.csv', insecureNoAuth: true })).toBe(true)
  })

  test('without one: open on loopback, refused elsewhere unless --insecure-no-auth', () => {
    expect(requiresAuth({ host: '127.0.0.1' })).toBe(false)
    expect(() => requiresAuth({ host: '0.0.0.0' })).toThrow(
      'refusing to serve the API on 0.0.0.0 without authentication: pass --token-file FILE',
    )
    expect(requiresAuth({ host: '0.0.0.0', insecureNoAuth: true })).toBe(false)
  })
})
