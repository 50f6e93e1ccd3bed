// `heliosctl masters`: every apiserver announced on the cluster's root with its URL and UP/DOWN; --json Helios' sorted
// names of the running ones; -f full host names.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { shortHostname } from './masters.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  const m = (name: string, url: string, up: boolean) => ({
    name,
    url,
    up,
    version: '1.0.0',
    startedAt: '2024-05-01T12:00:00Z',
  })
  server.masters = [
    m('a.example.com:5801', 'https://a.example.com:5801', true),
    m('b.example.com:5801', 'https://b.example.com:5801', false),
    m('10.0.0.3:5801', 'http://10.0.0.3:5801', true),
  ]
})
afterEach(() => server.close())

describe('masters', () => {
  test('a table of every announced apiserver: short name, URL, UP or DOWN, version; -f full names', async () => {
    expect(await heliosctl(server.url, ['masters'])).toEqual({
      code: 0,
      stdout:
        'NAME            URL                          STATUS   VERSION\n' +
        'a:5801          https://a.example.com:5801   UP       1.0.0\n' +
        'b:5801          https://b.example.com:5801   DOWN     1.0.0\n' +
        '10.0.0.3:5801   http://10.0.0.3:5801         UP       1.0.0\n',
      stderr: '',
    })
    expect((await heliosctl(server.url, ['masters', '-f'])).stdout).toMatch(/^a\.example\.com:5801 +https/m)
  })

  test("--json: Helios' sorted list of the names of the masters that are up", async () => {
    expect(JSON.parse((await heliosctl(server.url, ['--json', 'masters'])).stdout)).toEqual(['10.0.0.3:5801', 'a:5801'])
    expect(JSON.parse((await heliosctl(server.url, ['masters', '--json', '-f'])).stdout)).toEqual([
      '10.0.0.3:5801',
      'a.example.com:5801',
    ])
  })

  test("shortHostname: Helios' short names, addresses left whole", () => {
    expect(['h1.example.com', 'h1.example.com:5801', 'h1', '127.0.0.1:5801', '[::1]:5801'].map(shortHostname)).toEqual([
      'h1',
      'h1:5801',
      'h1',
      '127.0.0.1:5801',
      '[::1]:5801',
    ])
  })
})
