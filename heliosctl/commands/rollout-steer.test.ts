import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, job } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'))
})
afterEach(() => server.close())

const stored = () => server.stored('Deployment', 'web') as Deployment
const run = (...argv: string[]) => heliosctl(server.url, ['rollout', ...argv], { clock: stepClock() })

describe('rollout pause, resume, restart', () => {
  test('pause and resume flip spec.paused; repeating says so and writes nothing', async () => {
    server.seed(deployment('web', 'web:v1', ['web1']))
    expect(await run('pause', 'deployment/web')).toEqual({ code: 0, stdout: 'deployment "web" paused\n', stderr: '' })
    expect(stored().spec.paused).toBe(true)
    expect((await run('pause', 'web')).stdout).toBe('deployment "web" already paused\n')
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(1)
    expect((await run('resume', 'web')).stdout).toBe('deployment "web" resumed\n')
    expect(stored().spec.paused).toBe(false)
    expect((await run('resume', 'web')).stdout).toBe('deployment "web" is not paused\n')
  })

  test('restart sets spec.restartedAt to now', async () => {
    server.seed(deployment('web', 'web:v1', ['web1']))
    expect((await run('restart', 'web')).stdout).toBe('deployment "web" restarted\n')
    expect(stored().spec.restartedAt).toBe(at(0))
  })
})

describe('rollout stop and retry', () => {
  test('stop annotates a rollout in progress; retry a FAILED one', async () => {
    server.seed(withRollout(deployment('web', 'web:v1', ['web1'])))
    expect((await run('stop', 'web')).stdout).toBe('deployment "web" rollout stopped\n')
    expect(stored().metadata.annotations['helios/rollout-stop']).toBe(at(0))
    server.seed(withRollout(stored(), { state: 'FAILED', message: 'stopped by user' }))
    expect((await run('retry', 'web')).stdout).toBe('deployment "web" rollout retried\n')
    expect(stored().metadata.annotations['helios/rollout-retry']).toBe(at(0))
  })

  test('stop without a rollout in progress, retry without a failure, an unknown deployment: exit 1', async () => {
    server.seed(withRollout(deployment('web', 'web:v1', ['web1']), { state: 'DONE' }))
    expect(await run('stop', 'web')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "web" has no rollout in progress (state DONE)\n',
    })
    expect((await run('retry', 'web')).stderr).toBe(
      'error: deployment "web" has no failed rollout to retry (state DONE)\n',
    )
    expect((await run('pause', 'nope')).stderr).toBe(
      'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([])
  })
})
