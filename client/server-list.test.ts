import { describe, expect, test } from 'vitest'
import { serverListProblem, splitServers } from './server-list.js'

describe('splitServers', () => {
  test('commas, spaces, trailing slashes, empty entries and repeats', () => {
    expect(splitServers(' http://a:5801/ ,, http://b:5801//,http://a:5801')).toEqual(['http://a:5801', 'http://b:5801'])
    expect(splitServers(['http://a:1,http://b:2', 'http://c:3'])).toEqual(['http://a:1', 'http://b:2', 'http://c:3'])
    expect(splitServers(' , ')).toEqual([])
  })
})

describe('serverListProblem', () => {
  test.each([
    'http://127.0.0.1:5801',
    'https://helios.example.com',
    'http://a:5801,https://b:5801',
    'http://[::1]:5801',
    'HTTP://A:5801',
    'http://a:5801/',
  ])('%s is fine', (servers) => {
    expect(serverListProblem(servers)).toBeUndefined()
  })

  test.each([
    ['', 'no apiserver URL given'],
    [',,', 'no apiserver URL given'],
    ['127.0.0.1:5801', '"127.0.0.1:5801" is not a URL (expected http://host:port or https://host:port)'],
    ['a:5801', '"a:5801" is not an http:// or https:// URL'],
    ['http://a:5801,ftp://b', '"ftp://b" is not an http:// or https:// URL'],
    ['javascript:alert(1)', '"javascript:alert(1)" is not an http:// or https:// URL'],
    ['http://alice:secret@a:5801', '"http://***@a:5801" must not hold a user or password (use a token)'],
    ['http://alice@a:5801', '"http://***@a:5801" must not hold a user or password (use a token)'],
    ['http://a:5801?token=x', '"http://a:5801?token=x" must not have a query or fragment'],
    ['http://a:5801#b', '"http://a:5801#b" must not have a query or fragment'],
    ['http://a:5801#', '"http://a:5801#" must not have a query or fragment'],
    ['http://a:5801?', '"http://a:5801?" must not have a query or fragment'],
    ['http://a:5801/apis/helios/v1/jobs#', '"http://a:5801/apis/helios/v1/jobs#" must not have a query or fragment'],
    [
      'http://a:5801/apis/helios/v1/jobs',
      '"http://a:5801/apis/helios/v1/jobs" must not have a path (expected http://host:port or https://host:port)',
    ],
    ['http://a:99999', '"http://a:99999" is not a URL (expected http://host:port or https://host:port)'],
  ])('%j: %s', (servers, problem) => {
    expect(serverListProblem(servers)).toBe(problem)
  })
})
