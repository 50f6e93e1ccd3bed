import { afterEach, beforeEach, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

test('without a terminal the dashboard refuses in one line, exit 1, before contacting the apiserver', async () => {
  expect(await heliosctl(server.url, ['dashboard'])).toEqual({
    code: 1,
    stdout: '',
    stderr: 'error: the dashboard needs a terminal: run it with stdin and stdout on a TTY\n',
  })
  // isTTY flags alone are not enough: the streams must support raw mode.
  expect((await heliosctl(server.url, ['dashboard'], { isTTY: true, stdoutIsTTY: true })).code).toBe(1)
  expect(server.requests).toEqual([])
})

test('--help lists it and explains the keys', async () => {
  expect((await heliosctl(server.url, ['--help'])).stdout).toMatch(/dashboard +live terminal dashboard/)
  const help = (await heliosctl(server.url, ['dashboard', '--help'])).stdout
  expect(help).toContain('Usage: heliosctl dashboard [options]')
  expect(help).toContain('s stops (goal STOP), S starts (goal START), u rolls back (as rollout undo)')
  expect(help).toContain('"reconnecting…"')
})
