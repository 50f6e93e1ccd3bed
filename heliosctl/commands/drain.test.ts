import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Host } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job, task } from '../testing/fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
const web = job('web:v1')
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(
    web,
    host('web1', {}, { role: 'web' }),
    deployment('api', 'web:v1', ['web1']),
    deployment('pool', 'web:v1', [], { replicas: 2 }),
    deployment('edge', 'web:v1', [], { hostSelector: ['role=web'] }),
    task(web, 'web1', {}, 'api'),
    task(web, 'web1', {}, 'pool'),
    task(web, 'web1', {}, 'edge'),
    task(web, 'web2', {}, 'pool'),
  )
})
afterEach(() => server.close())

describe('drain', () => {
  test('cordons and drains the host, says which Tasks move and which stay', async () => {
    expect(await heliosctl(server.url, ['drain', 'web1'])).toEqual({
      code: 0,
      stdout:
        'host/web1 cordoned and draining\n' +
        'task/api@web1 stays (deployment api names web1 explicitly)\n' +
        'task/edge@web1 will move (deployment edge selects hosts by label)\n' +
        'task/pool@web1 will move (deployment pool places 2 replicas)\n',
      stderr: '',
    })
    expect((server.stored('Host', 'web1') as Host).spec).toEqual({ unschedulable: true, drain: true })
  })

  test('the Tasks are listed as they were before the drain, though the controller moves them at once', async () => {
    server.onRequest = (method, path) => {
      if (method !== 'PUT' || path !== '/apis/helios/v1/hosts/web1') return
      server.remove('Task', 'edge@web1')
      server.remove('Task', 'pool@web1')
    }
    const { stdout } = await heliosctl(server.url, ['drain', 'web1'])
    expect(stdout).toContain('task/edge@web1 will move')
    expect(stdout).toContain('task/pool@web1 will move')
  })

  test('--wait polls until the moving Tasks are gone, then says drained; --json prints the plan', async () => {
    const clock = stepClock((n) => {
      if (n === 1) server.remove('Task', 'edge@web1')
      if (n === 2) server.remove('Task', 'pool@web1')
    })
    const result = await heliosctl(server.url, ['drain', 'web1', '--wait'], { clock })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/will move \(deployment pool places 2 replicas\)\nhost\/web1 drained\n$/)
    expect(clock.sleeps).toBe(2)
    const json = await heliosctl(server.url, ['--json', 'drain', 'web1'])
    expect(JSON.parse(json.stdout)).toEqual({
      host: 'web1',
      tasks: [{ task: 'api@web1', deployment: 'api', moves: false, reason: 'deployment api names web1 explicitly' }],
    })
  })

  test('--timeout gives up naming the Tasks still there, exit 1', async () => {
    const clock = stepClock()
    const timedOut = await heliosctl(server.url, ['drain', 'web1', '--wait', '--timeout', '3s'], { clock })
    expect(timedOut.code).toBe(1)
    expect(timedOut.stderr).toBe('error: timed out waiting for 2 task(s) to leave web1: edge@web1, pool@web1\n')
    expect(clock.sleeps).toBe(3)
  })

  test('an unknown host fails', async () => {
    expect((await heliosctl(server.url, ['drain', 'web9'])).stderr).toBe(
      'error: host "web9" not found\nhint: check the name: heliosctl get hosts lists them\n',
    )
  })
})
