import { expect, test } from 'vitest'
import { bearerToken, isLoopback } from './transport-auth.js'

test('bearerToken reads "Bearer <token>" in any case, nothing else', () => {
  expect(bearerToken('Bearer abc')).toBe('abc')
  expect(bearerToken('bearer  abc ')).toBe('abc')
  expect(bearerToken('Basic abc')).toBeUndefined()
  expect(bearerToken(undefined)).toBeUndefined()
})

// isLoopback's cases are in apiserver/auth/auth-policy.test.ts, with the policy that uses it.
test('isLoopback refuses a name that merely starts like a loopback address', () => {
  expect(isLoopback('127.0.0.1.example.com')).toBe(false)
})
