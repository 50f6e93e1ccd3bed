import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { shortJobId } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, host, job, task } from '../testing/fixtures.js'

let server: FakeApiserver
const nginx = job('nginx:v1')
const redis = job('redis:7')
const nginxId = nginx.status?.id ?? ''
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(
    nginx,
    redis,
    host('web1', { agentStartedAt: new Date(Date.now() - 180_000).toISOString() }),
    host('web2', { state: 'DOWN', lastHeartbeat: at(0) }),
  )
  server.seed(
    task(nginx, 'web1', { state: 'RUNNING', containerId: 'c0ffee1234' }),
    task(nginx, 'web2', { state: 'FAILED', containerError: 'boom' }),
  )
})
afterEach(() => server.close())

describe('jobs', () => {
  test('table, -q full ids (as Helios), pattern, -y deployed only', async () => {
    const table = (await heliosctl(server.url, ['jobs'])).stdout.split('\n')
    expect(table[0]).toMatch(/^JOB ID +NAME +VERSION +HOSTS +COMMAND +ENVIRONMENT$/)
    expect(table[1]).toMatch(new RegExp(`^${shortJobId(nginxId)} +nginx +v1 +2$`))
    expect((await heliosctl(server.url, ['jobs', '-q', '-y'])).stdout).toBe(`${nginxId}\n`)
    expect((await heliosctl(server.url, ['jobs', 'redis', '-q', '-f'])).stdout).toBe(`${redis.status?.id}\n`)
  })

  test("a pattern matching nothing is an error (--json: Helios' {}, exit 1); --json maps full id to job", async () => {
    expect(await heliosctl(server.url, ['jobs', 'zzz'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: job pattern zzz matched no jobs\n',
    })
    expect(await heliosctl(server.url, ['jobs', 'zzz', '--json'])).toEqual({ code: 1, stdout: '{}\n', stderr: '' })
    const json = JSON.parse((await heliosctl(server.url, ['jobs', '--json'])).stdout)
    expect(Object.keys(json)).toEqual([nginxId, redis.status?.id])
    expect(json[nginxId].image).toBe('nginx:1.7.1')
  })
})

describe('hosts', () => {
  test('Up/Down status with counts; --status filters; pattern must match', async () => {
    const lines = (await heliosctl(server.url, ['hosts'])).stdout.split('\n')
    expect(lines[1]).toMatch(/^web1 +Up 3 minutes +1 +1$/)
    expect(lines[2]).toMatch(/^web2 +Down \d+ days +1 +0$/)
    expect((await heliosctl(server.url, ['hosts', '--status', 'DOWN', '-q'])).stdout).toBe('web2\n')
    expect((await heliosctl(server.url, ['hosts', 'db'])).stderr).toBe('error: host pattern db matched no hosts\n')
    const json = JSON.parse((await heliosctl(server.url, ['--json', 'hosts', 'web1'])).stdout)
    expect(json.web1).toMatchObject({ status: 'UP', jobs: { [nginxId]: { goal: 'START' } } })
  })
})

describe('status', () => {
  test('rows per task, FAILED error below, --host and --job filters, --json by job id', async () => {
    const all = (await heliosctl(server.url, ['status'])).stdout
    expect(all).toMatch(/^JOB ID +HOST +GOAL +STATE +CONTAINER ID +PORTS\n/)
    expect(all).toMatch(/web1 +START +RUNNING +c0ffee1\n.*web2 +START +FAILED\n {4}boom\n$/)
    expect((await heliosctl(server.url, ['status', '--host', 'web1'])).stdout.split('\n')).toHaveLength(3)
    expect((await heliosctl(server.url, ['status', '--job', 'redis'])).stdout).toMatch(/^JOB ID.*\n$/)
    expect((await heliosctl(server.url, ['status', '-j', 'zzz'])).stderr).toBe(
      'error: job id matcher "zzz" matched no jobs\n',
    )
    const json = JSON.parse((await heliosctl(server.url, ['status', '--json'])).stdout)
    expect(json[nginxId].taskStatuses.web2.state).toBe('FAILED')
  })

  test('a task still health-checking shows its failing probe; a RUNNING one never shows an old error', async () => {
    const probe = 'http check GET http://127.0.0.1:20000/ failed: 500'
    server.seed(
      task(redis, 'web1', { state: 'HEALTHCHECKING', containerId: 'abc1234567', containerError: probe }),
      task(redis, 'web2', { state: 'RUNNING', containerId: 'def1234567', containerError: 'stale' }),
    )
    const out = (await heliosctl(server.url, ['status', '--job', 'redis'])).stdout
    expect(out).toContain(`HEALTHCHECKING   abc1234\n    ${probe}\n`)
    expect(out).not.toContain('stale')
  })
})

describe('remove', () => {
  test('removes an unused job; a deployed one fails with the server message', async () => {
    expect(await heliosctl(server.url, ['remove', 'redis'])).toEqual({
      code: 0,
      stdout: `Removing job ${redis.status?.id}\n${redis.status?.id}: done\n`,
      stderr: '',
    })
    server.seed(deployment('nginx-v1', 'nginx:v1', ['web1']))
    const used = await heliosctl(server.url, ['remove', 'nginx:v1', '--yes'])
    expect(used.code).toBe(1)
    expect(used.stderr).toBe('error: job "nginx:v1" is used by deployments nginx-v1\n')
  })
})

describe('version', () => {
  test('client then server version', async () => {
    expect((await heliosctl(server.url, ['version'])).stdout).toBe('Client Version: 1.2.3\nServer Version: 9.9.9\n')
    expect(JSON.parse((await heliosctl(server.url, ['version', '--json'])).stdout)).toEqual({
      clientVersion: '1.2.3',
      masterVersion: '9.9.9',
    })
  })
})
