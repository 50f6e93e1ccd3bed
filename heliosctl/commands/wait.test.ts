import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Task } from '../../apis/index.js'
import { until } from '../../client/testing/until.js'
import { heliosctl } from '../testing/cli.js'
import { startHeliosctl } from '../testing/cli-stream.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const nginx = job('nginx:v1')
const web = deployment('web', 'nginx:v1', ['h1', 'h2'])
const running = (h: string): Task => task(nginx, h, { state: 'RUNNING', jobId: nginx.status?.id }, 'web')
const starting = (h: string): Task => task(nginx, h, { state: 'STARTING' }, 'web')

describe('wait --for=state', () => {
  test('a deployment: rollout DONE and every Task RUNNING; the clock plays the controller', async () => {
    server.seed(nginx, withRollout(web, { done: ['h1'], inProgress: { h2: 'x' } }), running('h1'), starting('h2'))
    const clock = stepClock((n) => {
      if (n === 2) server.seed(withRollout(web, { state: 'DONE', done: ['h1', 'h2'] }))
      if (n === 3) server.seed(running('h2'))
    })
    const result = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'deployment/web'], { clock })
    expect(result).toEqual({ code: 0, stdout: 'deployment/web condition met\n', stderr: '' })
    expect(clock.sleeps).toBe(3)
  })

  test('a timeout names the object and how far it got, exit 1', async () => {
    server.seed(nginx, withRollout(web, { done: ['h1'] }), running('h1'), starting('h2'))
    const result = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'deploy/web', '--timeout', '10s'], {
      clock: stepClock(),
    })
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: timed out waiting for the condition on deployment/web (state ROLLING_OUT, 1/2 tasks RUNNING)\n',
    })
  })

  test('a FAILED rollout, or a FAILED or throttled Task, ends the wait for RUNNING at once', async () => {
    server.seed(nginx, withRollout(web, { state: 'FAILED', message: 'h2: timed out' }))
    const failed = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'deployment/web'], {
      clock: stepClock(),
    })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe(
      'error: deployment/web will not become RUNNING: rollout of nginx:v1 failed: h2: timed out\n',
    )
    server.seed(task(nginx, 'h3', { state: 'EXITED', throttled: 'FLAPPING', containerError: 'exit 1' }, 'web'))
    const flapping = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'task/web@h3'], { clock: stepClock() })
    expect(flapping.stderr).toBe(
      'error: task/web@h3 will not become RUNNING: task/web@h3 is throttled (FLAPPING, state EXITED): exit 1\n',
    )
  })

  test('tasks and hosts by KIND NAME…; each prints condition met', async () => {
    server.seed(running('h1'), running('h2'), host('h1'))
    const result = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'tasks', 'web@h1', 'web@h2'])
    expect(result.stdout).toBe('task/web@h1 condition met\ntask/web@h2 condition met\n')
    const up = await heliosctl(server.url, ['wait', '--for=state=UP', 'host/h1', '--timeout', '0'])
    expect(up).toEqual({ code: 0, stdout: 'host/h1 condition met\n', stderr: '' })
    const down = await heliosctl(server.url, ['wait', '--for=state=DOWN', 'host/h1', '--timeout', '0'])
    expect(down.stderr).toBe('error: timed out waiting for the condition on host/h1 (state UP)\n')
  })

  test('a watch event wakes the wait: with a clock that never wakes it, the change alone ends it', async () => {
    server.seed(starting('h1'))
    const frozen = {
      now: () => 0,
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve())),
    }
    const argv = ['wait', '--for=state=RUNNING', 'task/web@h1', '--timeout', '1m']
    const cli = startHeliosctl(server.url, argv, { clock: frozen })
    await until(() => server.watches.open === 1)
    server.seed(running('h1'))
    expect(await cli.done).toEqual({ code: 0, stdout: 'task/web@h1 condition met\n', stderr: '' })
    expect(server.requests).toContain('GET /apis/helios/v1/tasks?fieldSelector=metadata.name%3Dweb%40h1')
  })

  test('an unknown object is NotFound; bad conditions and states are usage errors (exit 2)', async () => {
    const missing = await heliosctl(server.url, ['wait', '--for=state=RUNNING', 'task/web@h9'])
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: task "web@h9" not found\nhint: check the name: heliosctl get tasks lists them\n',
    })
    const usage = async (...argv: string[]) => (await heliosctl(server.url, ['wait', ...argv])).stderr.split('\n')[0]
    expect(await usage('--for=condition=Ready', 'task/x@y')).toBe(
      'error: --for="condition=Ready" is not a condition: use --for=state=S (e.g. state=RUNNING) or --for=delete',
    )
    expect(await usage('--for=state=UP', 'task/x@y')).toMatch(/^error: a task has no state UP: PULLING_IMAGE, /)
    expect(await usage('--for=state=RUNNING', 'job/x:1')).toBe(
      'error: a job has no state RUNNING; wait for it with --for=delete',
    )
    expect(await usage('--for=delete', 'pod/x')).toMatch(/^error: unknown kind "pod"/)
    expect((await heliosctl(server.url, ['wait', '--for=delete', 'deployment'])).code).toBe(2)
  })
})

describe('wait --for=delete', () => {
  test('met once the object is gone (at once if already gone)', async () => {
    server.seed(nginx, web)
    const clock = stepClock((n) => n === 2 && server.remove('Deployment', 'web'))
    const result = await heliosctl(server.url, ['wait', '--for=delete', 'deployment/web', 'job/gone:v1'], { clock })
    expect(result).toEqual({
      code: 0,
      stdout: 'job/gone:v1 condition met\ndeployment/web condition met\n',
      stderr: '',
    })
    const stuck = await heliosctl(server.url, ['wait', '--for=delete', 'job/nginx:v1', '--timeout', '5s'], {
      clock: stepClock(),
    })
    expect(stuck.stderr).toBe('error: timed out waiting for the condition on job/nginx:v1 (it still exists)\n')
  })
})
