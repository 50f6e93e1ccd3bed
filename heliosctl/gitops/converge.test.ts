import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { taskLag } from '../task-progress.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job, T0, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'
import { testCtx } from '../testing/test-ctx.js'
import { awaitConvergence } from './converge.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const web = job('web:v1')
const wait = (targets: { deployments?: string[]; pruned?: string[] }, timeoutMs = 60_000) =>
  awaitConvergence(
    testCtx(server.url, stepClock()),
    { deployments: targets.deployments ?? [], pruned: targets.pruned ?? [] },
    { startedAt: T0, timeoutMs, signal: new AbortController().signal },
  )

describe('awaitConvergence', () => {
  test('converged once the rollout is DONE and every Task runs its Job', async () => {
    server.seed(web, withRollout(deployment('web', 'web:v1', ['h1']), { state: 'DONE', done: ['h1'] }))
    server.seed(task(web, 'h1', { state: 'PULLING_IMAGE', jobId: web.status?.id }, 'web'))
    const clock = stepClock((n) => {
      if (n === 2) server.seed(task(web, 'h1', { state: 'RUNNING', jobId: web.status?.id }, 'web'))
    })
    const result = await awaitConvergence(
      testCtx(server.url, clock),
      { deployments: ['web'], pruned: [] },
      { startedAt: T0, timeoutMs: 60_000, signal: new AbortController().signal },
    )
    expect(result).toEqual({ state: 'converged', ms: 2000 })
  })

  test('a rollout that never finishes: not converged at the bound, naming where it stands', async () => {
    server.seed(web, withRollout(deployment('web', 'web:v1', ['h1']), { pending: ['h1'], message: 'h1: waiting' }))
    expect(await wait({ deployments: ['web'] }, 5000)).toEqual({
      state: 'timeout',
      ms: 5000,
      reason: 'deployment/web ROLLING_OUT: 0/1 hosts (h1: waiting)',
    })
  })

  test('a FAILED rollout ends the wait at once', async () => {
    server.seed(web, withRollout(deployment('web', 'web:v1', ['h1']), { state: 'FAILED', message: 'h1: pull failed' }))
    expect(await wait({ deployments: ['web'] })).toEqual({
      state: 'failed',
      ms: 0,
      reason: 'deployment/web: h1: pull failed',
    })
  })

  test('a pruned Deployment converges when its Tasks are gone; a vanished one counts as converged', async () => {
    server.seed(task(web, 'h1', { state: 'STOPPING' }, 'old'))
    expect(await wait({ pruned: ['old'], deployments: ['vanished'] }, 2000)).toMatchObject({
      state: 'timeout',
      reason: 'task old@h1 still present',
    })
    server.remove('Task', 'old@h1')
    expect(await wait({ pruned: ['old'], deployments: ['vanished'] })).toEqual({ state: 'converged', ms: 0 })
  })
})

describe('taskLag', () => {
  const id = web.status?.id
  test('START is reached by RUNNING (or SUCCEEDED) of the wanted Job; STOP by STOPPED or EXITED', () => {
    expect(taskLag(task(web, 'h1', { state: 'RUNNING', jobId: id }))).toBeUndefined()
    expect(taskLag(task(web, 'h1', { state: 'SUCCEEDED', jobId: id }))).toBeUndefined()
    expect(taskLag(task(web, 'h1'))).toBe('task web-v1@h1 has no status yet')
    expect(taskLag(task(web, 'h1', { state: 'RUNNING', jobId: 'web:v0:abc' }))).toBe(
      `task web-v1@h1 RUNNING with web:v0:abc (wants ${id})`,
    )
    expect(
      taskLag(task(web, 'h1', { state: 'EXITED', jobId: id, throttled: 'FLAPPING', containerError: 'boom' })),
    ).toBe('task web-v1@h1 EXITED, FLAPPING: boom')
    const stopping = task(web, 'h1', { state: 'STOPPED', jobId: id })
    expect(taskLag({ ...stopping, spec: { ...stopping.spec, goal: 'STOP' } })).toBeUndefined()
  })
})
