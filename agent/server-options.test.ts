import { describe, expect, test } from 'vitest'
import { parseServers, requestTimeoutMs } from './options.js'

describe('--server for the agent', () => {
  test('one URL or several, comma-separated, as given to HeliosClient', () => {
    expect(parseServers('http://127.0.0.1:5801')).toEqual(['http://127.0.0.1:5801'])
    expect(parseServers('http://a:5801/, http://b:5801,http://a:5801')).toEqual(['http://a:5801', 'http://b:5801'])
  })

  test.each([
    ['http://a:5801,b:5801', 'invalid --server: "b:5801" is not an http:// or https:// URL'],
    ['', 'invalid --server: no apiserver URL given'],
    [
      'http://agent:s3cret@a:5801',
      'invalid --server: "http://***@a:5801" must not hold a user or password (use a token)',
    ],
  ])('%j is refused at start: %s', (value, message) => {
    expect(parseServers(value)).toBe(message)
  })

  test('the request timeout stays within one heartbeat period (the lease holds while it moves on), 5 s to 30 s', () => {
    expect([1, 3, 10, 20, 60].map(requestTimeoutMs)).toEqual([5_000, 5_000, 10_000, 20_000, 30_000])
  })
})
