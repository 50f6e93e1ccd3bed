import { describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../apis/index.js'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const jobs = [job('web:v1'), job('web:v2'), job('web:v3')]
const hosts = ['h1', 'h2', 'h3']
const iso = (ms: number) => new Date(ms).toISOString()

/** web:v1 DONE on h1..h3 (window 10 s unless `rollout` says otherwise), then spec.job := web:v2. */
function upgrading(rollout: Record<string, unknown> = {}) {
  const sim = new RolloutSim(deployment({ hosts, rollout: { minHealthySeconds: 10, ...rollout } }), hosts, jobs)
  sim.plan()
  sim.runAll()
  sim.now += 10_000
  sim.plan()
  expect(sim.rollout.state).toBe('DONE')
  sim.now += 60_000
  sim.edit({ job: 'web:v2' })
  sim.plan()
  return sim
}

/** What an agent reports when the container it just ran for `ranMs` exited with `code` after printing `lines`. */
function exited(sim: RolloutSim, ranMs: number, code: number, lines: string[] = []): Partial<TaskStatus> {
  return {
    exitCode: code,
    restartCount: 1,
    lastExit: { at: iso(sim.now), startedAt: iso(sim.now - ranMs), exitCode: code, containerId: 'c1', logTail: lines },
  }
}

describe('planRollout: health that lasts (minHealthySeconds)', () => {
  test('a host counts only after the window; the requeue is when it ends; then the next host steps', () => {
    const sim = upgrading()
    sim.now += 2_000
    sim.report('web@h1')
    const plan = sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', done: [], inProgress: { h1: expect.any(String) } })
    expect(plan.requeueAfterMs).toBe(10_000)
    sim.now += 9_999
    sim.plan()
    expect(sim.writes).toEqual([])
    sim.now += 1
    sim.plan()
    expect(sim.rollout.done).toEqual(['h1'])
    expect(sim.writes).toEqual(['update web@h2'])
  })

  test('a version that exits 3 s after RUNNING never rolls out: FAILED at once, naming host, code and log lines', () => {
    const sim = upgrading()
    sim.now += 500
    sim.report('web@h1')
    sim.plan()
    sim.now += 3_000
    sim.report('web@h1', 'EXITED', exited(sim, 3_000, 3, ['listening on :80', 'fatal: config missing']))
    const plan = sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      failed: ['h1'],
      pending: ['h2', 'h3'],
      message: 'h1: web:v2 exited with code 3 after 3.0 s',
      failure: { host: 'h1', exitCode: 3, logTail: ['listening on :80', 'fatal: config missing'] },
    })
    expect(plan.events?.map((e) => e.reason)).toEqual(['HostFailed', 'RolloutFailed'])
    expect(plan.events?.[0]?.message).toBe(
      'h1: web:v2 exited with code 3 after 3.0 s\n  | listening on :80\n  | fatal: config missing',
    )
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v2', h2: 'web:v1', h3: 'web:v1' })
  })

  test('with the default window (no minHealthySeconds anywhere) the same crash fails too', () => {
    const sim = upgrading({ minHealthySeconds: undefined })
    sim.now += 500
    sim.report('web@h1')
    sim.plan()
    sim.now += 9_000
    sim.report('web@h1', 'RUNNING', { runningSince: iso(sim.now - 500), ...exited(sim, 8_000, 1) })
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'FAILED', failure: { host: 'h1', exitCode: 1 } })
  })

  test('a crash loop the controller only ever sees RUNNING (the restart in between missed) still fails', () => {
    const sim = upgrading()
    for (let i = 0; i < 5; i++) {
      sim.now += 1_500
      sim.report('web@h1', 'RUNNING', i === 0 ? {} : exited(sim, 1_000, 2))
      sim.plan()
    }
    expect(sim.rollout.state).toBe('FAILED')
    expect(sim.rollout.message).toBe('h1: web:v2 exited with code 2 after 1.0 s')
  })

  test('a done host that restarts later steps again (a new window), it does not fail the rollout', () => {
    const sim = upgrading({ parallelism: 2 })
    sim.report('web@h1')
    sim.report('web@h2')
    sim.now += 10_000
    sim.plan()
    expect(sim.rollout.done).toEqual(['h1', 'h2'])
    sim.now += 5_000
    sim.report('web@h1', 'RUNNING', exited(sim, 15_000, 1))
    sim.now += 1_000
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', done: ['h2'] })
    expect(Object.keys(sim.rollout.inProgress)).toEqual(['h1', 'h3'])
    sim.now += 1_000
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
    sim.now += 8_000
    sim.plan()
    expect(sim.rollout.done).toEqual(['h1', 'h2'])
  })
})

describe('planRollout: progress deadline', () => {
  test('the whole rollout fails once past progressDeadlineSeconds, naming the host in progress and its state', () => {
    const sim = upgrading({ progressDeadlineSeconds: 25, minHealthySeconds: 10 })
    sim.report('web@h1')
    sim.now += 10_000
    sim.plan() // h1 done, h2 steps
    sim.report('web@h2', 'HEALTHCHECKING')
    sim.now += 14_999
    expect(sim.plan().requeueAfterMs).toBe(1)
    sim.now += 1
    const plan = sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      message:
        'h2: rollout of web:v2 not done within its progress deadline of 25 s (1/3 hosts done; h2 in state HEALTHCHECKING)',
      failure: { host: 'h2' },
    })
    expect(plan.events?.map((e) => e.reason)).toEqual(['ProgressDeadlineExceeded', 'RolloutFailed'])
  })

  test('a paused Deployment is never failed by it; resumed past it, it fails', () => {
    const sim = upgrading({ progressDeadlineSeconds: 5 })
    sim.edit({ paused: true })
    sim.now += 60_000
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
    sim.edit({ paused: false })
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')
  })

  test('none by default: a slow rollout is only bound by the per-host timeout', () => {
    const sim = upgrading({ timeout: 600 })
    sim.now += 599_000
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
  })
})

describe('planRollout: autoRevert fires on every failure kind', () => {
  const kinds: Array<[string, (sim: RolloutSim) => void, RegExp]> = [
    ['an exit', (s) => s.report('web@h1', 'EXITED', exited(s, 100, 3)), /exited with code 3/],
    ['a restart seen only as RUNNING', (s) => s.report('web@h1', 'RUNNING', exited(s, 100, 1)), /exited with code 1/],
    ['FLAPPING', (s) => s.report('web@h1', 'RUNNING', { throttled: 'FLAPPING' }), /FLAPPING/],
    [
      'a missing image',
      (s) => s.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING', containerError: 'gone' }),
      /IMAGE_MISSING: gone/,
    ],
    [
      'a timeout',
      (s) => {
        s.now += 300_000
      },
      /timed out after 300 s/,
    ],
    [
      'the progress deadline',
      (s) => {
        s.now += 120_000
      },
      /progress deadline of 120 s/,
    ],
  ]
  test.each(kinds)('%s', (_, failIt, words) => {
    const sim = upgrading({ autoRevert: true, progressDeadlineSeconds: 120 })
    sim.now += 1_000
    failIt(sim)
    const plan = sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'AUTO_REVERT',
      job: 'web:v1',
      revertedFrom: 'web:v2',
      failure: { host: 'h1' },
    })
    expect(sim.rollout.failure?.reason).toMatch(words)
    expect(plan.events?.map((e) => e.reason)).toContain('RolloutReverting')
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
    sim.report('web@h1')
    sim.now += 10_000
    const done = sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'FAILED', reason: 'AUTO_REVERT', rolledBack: true })
    expect(sim.rollout.message).toMatch(/^rolled back to web:v1 after web:v2 failed: h1: /)
    expect(sim.rollout.failure?.reason).toMatch(words)
    expect(done.events?.map((e) => e.reason)).toEqual(['RolloutReverted'])
  })

  test('a revert whose own host fails ends FAILED without reverting again, and is not marked rolled back', () => {
    const sim = upgrading({ autoRevert: true })
    sim.report('web@h1', 'EXITED', exited(sim, 100, 3))
    sim.plan()
    sim.now += 1_000
    sim.report('web@h1', 'EXITED', exited(sim, 100, 4))
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'FAILED', reason: 'AUTO_REVERT', job: 'web:v1' })
    expect(sim.rollout.rolledBack).toBeUndefined()
    expect(sim.rollout.message).toBe('h1: web:v1 exited with code 4 after 0.1 s')
  })
})
