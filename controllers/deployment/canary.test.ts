import { describe, expect, test } from 'vitest'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const jobs = [job('web:v1'), job('web:v2'), job('web:v3')]
const hosts = ['h1', 'h2', 'h3']
const iso = (ms: number) => new Date(ms).toISOString()

/** web:v1 DONE on h1..h3 (window 5 s), then spec.job := web:v2 under `rollout` (canary 1 unless it says otherwise). */
function canary(rollout: Record<string, unknown> = {}) {
  const spec = { hosts, rollout: { minHealthySeconds: 5, canary: 1, parallelism: 2, ...rollout } }
  const sim = new RolloutSim(deployment(spec), hosts, jobs)
  sim.plan()
  expect(sim.rollout.canary).toBeUndefined() // a first deploy has nothing to try first
  sim.runAll()
  sim.now += 5_000
  sim.plan()
  sim.now += 60_000
  sim.edit({ job: 'web:v2' })
  sim.plan()
  return sim
}

/** The canary h1 runs web:v2 and lasts its window: the rollout is PAUSED. */
function paused(rollout: Record<string, unknown> = {}) {
  const sim = canary(rollout)
  sim.report('web@h1')
  sim.now += 5_000
  sim.plan()
  return sim
}

const steer = (sim: RolloutSim, kind: 'promote' | 'abort' | 'stop' | 'retry', atMs = sim.now) =>
  sim.edit({}, { [`helios/rollout-${kind}`]: iso(atMs) })

describe('canary: N hosts first, then a wait', () => {
  test('only the canary steps, whatever the parallelism; once healthy the rollout is PAUSED and says how to go on', () => {
    const sim = canary()
    expect(sim.writes).toEqual(['update web@h1'])
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', canary: { hosts: ['h1'] }, pending: ['h2', 'h3'] })
    sim.report('web@h1')
    sim.now += 4_999
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
    sim.now += 1
    const plan = sim.plan()
    expect(sim.writes).toEqual([])
    expect(sim.rollout).toMatchObject({
      state: 'PAUSED',
      done: ['h1'],
      pending: ['h2', 'h3'],
      inProgress: {},
      canary: { hosts: ['h1'], healthyAt: iso(sim.now) },
      message:
        'canary h1 healthy on web:v2; waiting for "heliosctl rollout promote deployment/web" or "heliosctl rollout abort deployment/web"',
    })
    expect(plan.requeueAfterMs).toBeUndefined() // no polling: only a promotion or a Task change moves it
    expect(plan.events?.map((e) => e.reason)).toEqual(['CanaryWaiting'])
    sim.now += 3_600_000
    sim.plan()
    expect(sim.rollout.state).toBe('PAUSED')
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v2', h2: 'web:v1', h3: 'web:v1' })
  })

  test('rollout promote: the rest follow under parallelism, and the rollout finishes DONE', () => {
    const sim = paused()
    sim.now += 1_000
    steer(sim, 'promote')
    const plan = sim.plan()
    expect(plan.events?.map((e) => e.reason)).toEqual(['CanaryPromoted'])
    expect(sim.writes).toEqual(['update web@h2', 'update web@h3'])
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      canary: { hosts: ['h1'], promotedAt: iso(sim.now), promotedBy: 'user' },
    })
    expect(sim.rollout.message).toBeUndefined()
    sim.report('web@h2')
    sim.report('web@h3')
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'DONE', done: hosts, job: 'web:v2' })
  })

  test('canaryPromoteAfterSeconds promotes by itself, requeued for that moment', () => {
    const sim = paused({ canaryPromoteAfterSeconds: 30 })
    const healthyAt = sim.now
    expect(sim.last?.requeueAfterMs).toBe(30_000)
    expect(sim.rollout.message).toContain(`(promoted by itself at ${iso(healthyAt + 30_000)})`)
    sim.now += 29_999
    sim.plan()
    expect(sim.rollout.state).toBe('PAUSED')
    sim.now += 1
    const plan = sim.plan()
    expect(sim.rollout.canary).toMatchObject({ promotedBy: 'auto', promotedAt: iso(sim.now) })
    expect(sim.writes).toEqual(['update web@h2', 'update web@h3'])
    expect(plan.events?.map((e) => e.reason)).toEqual(['CanaryPromoted'])
  })

  test('canaryPromoteAfterSeconds 0: the canary must still last its window, then the rest follow in the same pass', () => {
    const sim = canary({ canaryPromoteAfterSeconds: 0 })
    sim.report('web@h1')
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
    expect(sim.writes).toEqual(['update web@h2', 'update web@h3'])
  })

  test('a canary that exits while the others wait fails the rollout, and autoRevert sends it back', () => {
    const sim = paused({ autoRevert: true })
    sim.now += 20_000
    const lastExit = { at: iso(sim.now - 1), startedAt: iso(sim.now - 25_000), exitCode: 137, logTail: ['OOM'] }
    sim.report('web@h1', 'EXITED', { exitCode: 137, lastExit })
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'AUTO_REVERT',
      job: 'web:v1',
      failure: { host: 'h1', exitCode: 137, logTail: ['OOM'] },
    })
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
  })

  test('rollout abort sends the canary back to the last good revision; nothing rolls web:v2 out again until a retry', () => {
    const sim = paused()
    sim.now += 1_000
    steer(sim, 'abort')
    const plan = sim.plan()
    expect(plan.events?.map((e) => e.reason)).toEqual(['RolloutAborted', 'RolloutReverting'])
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'ABORT', job: 'web:v1', revertedFrom: 'web:v2' })
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
    sim.report('web@h1')
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      reason: 'ABORT',
      rolledBack: true,
      message: 'rolled back to web:v1 after web:v2 was aborted by user',
    })
    expect(sim.deployment.status?.revisions.map((r) => [r.job, r.outcome])).toEqual([
      ['web:v1', 'DONE'],
      ['web:v2', 'FAILED'],
    ])
    sim.now += 60_000
    sim.plan()
    expect(sim.writes).toEqual([])
    steer(sim, 'retry')
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'RETRY',
      job: 'web:v2',
      canary: { hosts: ['h1'] },
    })
    expect(sim.writes).toEqual(['update web@h1'])
  })

  test('abort also works while the canary is still stepping, and on any rollout under way', () => {
    const sim = canary({ canary: 0 })
    expect(sim.writes).toEqual(['update web@h1', 'update web@h2'])
    sim.now += 1_000
    steer(sim, 'abort')
    sim.plan()
    expect(sim.rollout.reason).toBe('ABORT')
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
  })

  test('abort of a revert only stops it; abort with nothing good to go back to just ends the rollout', () => {
    const sim = paused()
    sim.now += 1_000
    steer(sim, 'abort')
    sim.plan()
    sim.now += 1_000
    steer(sim, 'abort')
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'FAILED', reason: 'ABORT' })
    expect(sim.rollout.message).toBe('aborted by user (a revert is not reverted)')

    const fresh = new RolloutSim(deployment({ hosts: ['h1'], rollout: { canary: 1 } }), ['h1'], jobs)
    fresh.plan()
    fresh.now += 1_000
    fresh.edit({ job: 'web:v2' })
    fresh.plan()
    fresh.now += 1_000
    steer(fresh, 'abort')
    fresh.plan()
    expect(fresh.rollout).toMatchObject({ state: 'FAILED', job: 'web:v2' })
    expect(fresh.rollout.message).toBe(
      'aborted by user; no earlier revision succeeded, so there is nothing to roll back to',
    )
  })

  test('a promote given while the canary still steps ends the canary phase at once: no pause, the rest walk', () => {
    const sim = canary()
    sim.now += 1_000
    steer(sim, 'promote')
    sim.plan()
    expect(sim.rollout.canary?.promotedAt).toBe(iso(sim.now))
    expect(sim.writes).toEqual(['update web@h2'])
  })

  test('steering values: older than the record never fire; of two fresh ones the newest wins', () => {
    const sim = new RolloutSim(deployment({ hosts, rollout: { minHealthySeconds: 0, canary: 1 } }), hosts, jobs)
    sim.plan()
    sim.runAll()
    sim.plan()
    sim.now += 1_000
    steer(sim, 'promote') // given when there was nothing to promote
    sim.plan()
    sim.now += 1_000
    sim.edit({ job: 'web:v2' })
    sim.plan()
    expect(sim.rollout.acknowledged).toBe(iso(sim.now - 1_000))
    sim.report('web@h1')
    sim.plan()
    expect(sim.rollout.state).toBe('PAUSED')

    const both = paused()
    both.now += 2_000
    both.edit({}, { 'helios/rollout-promote': iso(both.now - 1_000), 'helios/rollout-stop': iso(both.now) })
    both.plan()
    expect(both.rollout).toMatchObject({ state: 'FAILED', message: 'stopped by user', acknowledged: iso(both.now) })
    both.plan()
    expect(both.rollout.state).toBe('FAILED') // the older promote is acknowledged with it
  })

  test('a host joining during the canary phase gets the stable Job and waits; it moves after the promotion', () => {
    const sim = paused()
    sim.hosts = [...hosts, 'h4']
    sim.edit({ hosts: sim.hosts })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h4'])
    expect(sim.jobsByHost().h4).toBe('web:v1')
    expect(sim.rollout).toMatchObject({ state: 'PAUSED', pending: ['h2', 'h3', 'h4'] })
    steer(sim, 'promote')
    sim.plan()
    for (const h of ['h2', 'h3']) sim.report(`web@${h}`)
    sim.now += 5_000
    sim.plan()
    expect(sim.jobsByHost().h4).toBe('web:v2')
  })

  test('a canary covering every host still waits for its promotion', () => {
    const sim = canary({ canary: 5 })
    expect(sim.writes).toEqual(['update web@h1', 'update web@h2', 'update web@h3'])
    sim.runAll()
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'PAUSED', canary: { hosts }, done: hosts })
    steer(sim, 'promote')
    sim.plan()
    expect(sim.rollout.state).toBe('DONE')
  })

  test('no canary for hosts joining, a restart or a revert', () => {
    const sim = paused({ autoRevert: true })
    steer(sim, 'promote')
    sim.plan()
    for (const h of ['h2', 'h3']) sim.report(`web@${h}`)
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout.state).toBe('DONE')
    sim.now += 1_000
    sim.edit({ restartedAt: iso(sim.now) })
    sim.plan()
    expect(sim.rollout).toMatchObject({ reason: 'RESTART' })
    expect(sim.rollout.canary).toBeUndefined()
  })

  test('with overlap the canary steps through its surge (both lasting the window), then the wait', () => {
    const sim = canary({ overlap: true })
    expect(sim.writes).toEqual(['create web@h1~surge'])
    sim.report('web@h1~surge')
    sim.now += 5_000
    sim.plan()
    expect(sim.writes).toEqual(['update web@h1'])
    sim.report('web@h1')
    sim.now += 5_000
    sim.plan()
    expect(sim.writes).toEqual(['delete web@h1~surge'])
    expect(sim.rollout).toMatchObject({ state: 'PAUSED', done: ['h1'], pending: ['h2', 'h3'] })
  })

  test('a canary whose Task is gone (deleted by hand) gets the new Job again, so the canaries can still settle', () => {
    const sim = canary()
    sim.tasks.delete('web@h1')
    sim.plan()
    expect(sim.writes).toEqual(['create web@h1'])
    expect(sim.jobsByHost().h1).toBe('web:v2')
    sim.report('web@h1')
    sim.now += 5_000
    sim.plan()
    expect(sim.rollout.state).toBe('PAUSED')
  })
})
