import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'

let server: FakeApiserver
beforeAll(async () => {
  server = await startFakeApiserver('4.5.6')
})
afterAll(() => server.close())

describe('version', () => {
  test('client and server lines; --json; --client asks no apiserver', async () => {
    expect(await heliosctl(server.url, ['version'])).toEqual({
      code: 0,
      stdout: 'Client Version: 1.2.3\nServer Version: 4.5.6\n',
      stderr: '',
    })
    expect(JSON.parse((await heliosctl(server.url, ['version', '--json'])).stdout)).toEqual({
      clientVersion: '1.2.3',
      masterVersion: '4.5.6',
    })
    expect(await heliosctl('http://127.0.0.1:1', ['version', '--client'])).toEqual({
      code: 0,
      stdout: 'Client Version: 1.2.3\n',
      stderr: '',
    })
  })

  test('an unreachable server: the client line, then one error line and a hint, exit 1', async () => {
    const closed = await startFakeApiserver()
    await closed.close()
    const result = await heliosctl(closed.url, ['version'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('Client Version: 1.2.3\n')
    expect(result.stderr).toBe(
      `error: cannot reach apiserver at ${closed.url} (ECONNREFUSED)\nhint: is the apiserver running? the URL came from --server\n`,
    )
    const json = await heliosctl(closed.url, ['version', '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({ clientVersion: '1.2.3' })
  })
})
