import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { host } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(
    host('web1', {}, { role: 'web', zone: 'a' }),
    host('web2', { state: 'DOWN' }, { role: 'web', zone: 'b' }),
    host('db1', {}, { role: 'db', zone: 'a' }),
    host('bare1'),
  )
})
afterEach(() => server.close())

const names = async (...argv: string[]) => (await heliosctl(server.url, ['hosts', '-q', ...argv])).stdout

describe('hosts -s/--selector and --status', () => {
  test("Helios' operators; repeated -s all hold; a host without the label never matches", async () => {
    expect(await names('-s', 'role=web')).toBe('web1\nweb2\n')
    expect(await names('-s', 'role!=web')).toBe('db1\n')
    expect(await names('--selector', 'zone in (a, c)')).toBe('db1\nweb1\n')
    expect(await names('-s', 'zone notin (a)')).toBe('web2\n')
    expect(await names('-s', 'role=web', '-s', 'zone=a')).toBe('web1\n')
    expect(await names('-s', 'rack=1')).toBe('')
  })

  test('--status UP with -s; the table keeps Helios columns; --json maps host to status', async () => {
    expect(await names('--status', 'UP', '-s', 'role=web')).toBe('web1\n')
    const table = (await heliosctl(server.url, ['hosts', '--status', 'UP', '-s', 'role=web'])).stdout.split('\n')
    expect(table[0]).toMatch(
      /^HOST +STATUS +DEPLOYED +RUNNING +CPUS +MEM +LOAD AVG +MEM USAGE +OS +HELIOS +DOCKER +LABELS$/,
    )
    expect(table[1]).toMatch(/^web1 +Up .* role=web, zone=a$/)
    const json = JSON.parse((await heliosctl(server.url, ['hosts', '-s', 'role=web', '--json'])).stdout)
    expect(Object.keys(json)).toEqual(['web1', 'web2'])
    expect(json.web2).toMatchObject({ status: 'DOWN', labels: { role: 'web', zone: 'b' } })
    expect((await heliosctl(server.url, ['hosts', '-s', 'rack=1', '--json'])).stdout).toBe('{}\n')
  })

  test('a bad selector or status is a usage error naming the flag, exit 2', async () => {
    const bad = await heliosctl(server.url, ['hosts', '-s', 'role'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      `option '-s, --selector <expr>' argument 'role' is invalid. invalid host selector "role"`,
    )
    const status = await heliosctl(server.url, ['hosts', '--status', 'SIDEWAYS'])
    expect(status.code).toBe(2)
    expect(status.stderr).toContain("option '--status <state>' argument 'SIDEWAYS' is invalid")
  })
})
