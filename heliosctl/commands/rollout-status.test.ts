import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment, RolloutStatus } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), job('web:v2'))
})
afterEach(() => server.close())

const web = deployment('web', 'web:v2', ['web1', 'web2', 'web3'])
const stored = () => server.stored('Deployment', 'web') as Deployment
/** Plays the controller: the stored Deployment's rollout becomes `rollout`. */
const progress = (rollout: Partial<RolloutStatus>) => server.seed(withRollout(stored(), rollout))

describe('rollout status', () => {
  test('prints hosts as they finish, then success with the revision; accepts deployment/NAME', async () => {
    server.seed(withRollout(web, { revision: 3, pending: ['web1', 'web2', 'web3'] }))
    const steps: Array<Partial<RolloutStatus>> = [
      { revision: 3, done: ['web1'], inProgress: { web2: 'x' }, pending: ['web3'] },
      { revision: 3, done: ['web1', 'web2', 'web3'], state: 'DONE' },
    ]
    const clock = stepClock((n) => progress(steps[n - 1] ?? {}))
    const result = await heliosctl(server.url, ['rollout', 'status', 'deployment/web'], { clock })
    expect(result).toEqual({
      code: 0,
      stdout:
        'web1 -> RUNNING web:v2 (1/3)\nweb2 -> RUNNING web:v2 (2/3)\nweb3 -> RUNNING web:v2 (3/3)\n' +
        'deployment "web" successfully rolled out (revision 3)\n',
      stderr: '',
    })
    expect(clock.sleeps).toBe(2)
  })

  test('a status from an older generation or another job is not finished yet', async () => {
    // DONE, but for web:v1 and generation 1: the controller has not seen spec.job web:v2 yet.
    server.seed(withRollout(deployment('web', 'web:v1', ['web1']), { state: 'DONE', done: ['web1'] }))
    server.seed({ ...stored(), metadata: { ...stored().metadata, generation: 2 }, spec: web.spec })
    const clock = stepClock((n) => {
      if (n === 2) server.seed(withRollout(stored(), { state: 'DONE', revision: 2, done: ['web1'] }))
    })
    const result = await heliosctl(server.url, ['rollout', 'status', 'deploy/web'], { clock })
    expect(result.stdout).toBe('web1 -> RUNNING web:v2 (1/1)\ndeployment "web" successfully rolled out (revision 2)\n')
    expect(clock.sleeps).toBe(2)
  })

  test('after a restart (same job, new generation) the old DONE status does not count', async () => {
    server.seed(withRollout(web, { state: 'DONE', done: ['web1', 'web2', 'web3'] }))
    server.seed({ ...stored(), metadata: { ...stored().metadata, generation: 2 } })
    const clock = stepClock((n) => {
      if (n === 1) server.seed(withRollout(stored(), { reason: 'RESTART', done: ['web1'], pending: ['web2', 'web3'] }))
      if (n === 2) server.seed(withRollout(stored(), { state: 'DONE', done: ['web1', 'web2', 'web3'] }))
    })
    const result = await heliosctl(server.url, ['rollout', 'status', 'web'], { clock })
    expect(result.stdout.split('\n')[0]).toBe('web1 -> RUNNING web:v2 (1/3)')
    expect(clock.sleeps).toBe(2)
  })

  test('FAILED: one error line with the job and message, exit 1; --json says so on stdout', async () => {
    server.seed(withRollout(web, { state: 'FAILED', done: ['web1'], failed: ['web2'], message: 'web2: timed out' }))
    expect(await heliosctl(server.url, ['rollout', 'status', 'web'], { clock: stepClock() })).toEqual({
      code: 1,
      stdout: 'web1 -> RUNNING web:v2 (1/2)\nweb2 -> FAILED web:v2 (2/2)\n',
      stderr: 'error: rollout of web:v2 failed: web2: timed out\n',
    })
    const json = await heliosctl(server.url, ['--json', 'rollout', 'status', 'web'], { clock: stepClock() })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({
      deployment: 'web',
      job: 'web:v2',
      status: 'FAILED',
      revision: 1,
      done: 1,
      total: 2,
      error: 'web2: timed out',
    })
  })

  test('an automatic revert away from spec.job is a failure naming the Job it went back to', async () => {
    server.seed(withRollout(web, { state: 'DONE', job: 'web:v1', revertedFrom: 'web:v2', message: 'web1: exited' }))
    const result = await heliosctl(server.url, ['rollout', 'status', 'web'], { clock: stepClock() })
    expect(result.stderr).toBe('error: rollout of web:v2 failed: web1: exited; reverted to web:v1\n')
  })

  test('--timeout: gives up with the progress so far, exit 1', async () => {
    server.seed(withRollout(web, { done: ['web1'], pending: ['web2', 'web3'] }))
    const clock = stepClock()
    const result = await heliosctl(server.url, ['rollout', 'status', 'web', '--timeout', '5s'], { clock })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: timed out waiting for the rollout (still ROLLING_OUT: 1/3 hosts)\n')
    expect(clock.sleeps).toBe(5)
  })

  test('--watch=false reports once: waiting, done, or failed', async () => {
    server.seed(withRollout(web, { done: ['web1'], pending: ['web2', 'web3'] }))
    const clock = stepClock()
    const once = await heliosctl(server.url, ['rollout', 'status', 'web', '--watch=false'], { clock })
    expect(once).toEqual({
      code: 0,
      stdout: 'Waiting for deployment "web" rollout to finish: ROLLING_OUT: 1/3 hosts\n',
      stderr: '',
    })
    expect(clock.sleeps).toBe(0)
    progress({ state: 'DONE', revision: 4, done: ['web1'] })
    const done = await heliosctl(server.url, ['rollout', 'status', 'web', '-w', 'false'], { clock })
    expect(done.stdout).toBe('deployment "web" successfully rolled out (revision 4)\n')
  })

  test('unknown deployment, another kind, a bad duration', async () => {
    expect(await heliosctl(server.url, ['rollout', 'status', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    })
    const kind = await heliosctl(server.url, ['rollout', 'status', 'job/web'])
    expect(kind.code).toBe(2)
    expect(kind.stderr).toMatch(/^error: "job\/web" is not a deployment/)
    expect((await heliosctl(server.url, ['rollout', 'status', 'web', '--timeout', 'soon'])).code).toBe(2)
  })
})
