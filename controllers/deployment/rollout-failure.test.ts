import { describe, expect, test } from 'vitest'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const jobs = [job('web:v1'), job('web:v2'), job('web:v3')]
const hosts = ['h1', 'h2', 'h3']

function settled(spec: Parameters<typeof deployment>[0] = {}, annotations: Record<string, string> = {}) {
  const sim = new RolloutSim(deployment({ hosts, ...spec }, annotations), hosts, jobs)
  sim.plan()
  sim.runAll()
  sim.plan()
  return sim
}

describe('planRollout: failures', () => {
  test('a step that does not reach RUNNING within the timeout fails the rollout; other hosts keep the old Job', () => {
    const sim = settled({ rollout: { timeout: 30 } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'STARTING', { containerError: 'port in use' })
    sim.now += 29_000
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT')
    sim.now += 1_000
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      failed: ['h1'],
      pending: ['h2', 'h3'],
      inProgress: {},
      message:
        'h1: timed out after 30 s waiting for web:v2 to reach RUNNING (state STARTING; container error: port in use)',
    })
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v2', h2: 'web:v1', h3: 'web:v1' })
    expect(sim.deployment.status?.revisions.at(-1)).toMatchObject({ job: 'web:v2', outcome: 'FAILED' })
    sim.plan()
    expect(sim.writes).toEqual([])
  })

  test('a missing image fails at once, without waiting for the timeout', () => {
    const sim = settled()
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING', containerError: 'no such image' })
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'FAILED', message: 'h1: web:v2 IMAGE_MISSING: no such image' })
  })

  test('ignoreFailures records the host as failed and walks on; the rollout ends DONE naming it', () => {
    const sim = settled({ rollout: { ignoreFailures: true } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'FLAPPING', containerError: 'exit 1' })
    sim.plan()
    expect(sim.writes).toEqual(['update web@h2'])
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', failed: ['h1'] })
    sim.report('web@h2')
    sim.plan()
    sim.report('web@h3')
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'DONE', failed: ['h1'], done: ['h2', 'h3'] })
    expect(sim.rollout.message).toBe('done; failed hosts: h1')
  })

  test('autoRevert walks every host back to the last DONE revision and ends FAILED saying so', () => {
    const sim = settled({ rollout: { autoRevert: true } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_PULL_FAILED', containerError: 'denied' })
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'AUTO_REVERT',
      job: 'web:v1',
      revertedFrom: 'web:v2',
    })
    expect(sim.writes).toEqual(['update web@h1'])
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
    sim.report('web@h1')
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      reason: 'AUTO_REVERT',
      message: 'rolled back to web:v1 after web:v2 failed: h1: web:v2 IMAGE_PULL_FAILED: denied',
    })
    sim.plan() // spec.job is still web:v2, yet nothing rolls it out again
    expect(sim.writes).toEqual([])
    expect(sim.deployment.status?.revisions.map((r) => [r.job, r.outcome])).toEqual([
      ['web:v1', 'DONE'],
      ['web:v2', 'FAILED'],
    ])
  })

  test('autoRevert from the Job options, with no good revision, just fails and says so', () => {
    const bad = job('web:v9', { rolloutOptions: { autoRevert: true } })
    const sim = new RolloutSim(deployment({ job: 'web:v9', hosts: ['h1'] }), ['h1'], [bad])
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING', containerError: 'gone' })
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')
    expect(sim.rollout.message).toMatch(/^h1: web:v9 IMAGE_MISSING: gone; no earlier revision succeeded/)
  })

  test('a new host joining a FAILED rollout gets the last good Job', () => {
    const sim = settled()
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING' })
    sim.plan()
    sim.hosts = [...hosts, 'h4']
    sim.edit({ hosts: sim.hosts })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h4'])
    expect(sim.jobsByHost().h4).toBe('web:v1')
  })
})

describe('planRollout: stop and retry annotations', () => {
  test('stop fails a rollout where it is; retry starts it again; old values never fire twice', () => {
    const sim = settled({ rollout: { overlap: true } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h1~surge'])
    sim.edit({}, { 'helios/rollout-stop': '2026-01-01T00:01:00Z' })
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'FAILED',
      message: 'stopped by user',
      acknowledged: '2026-01-01T00:01:00Z',
    })
    expect(sim.writes).toEqual(['delete web@h1~surge'])
    expect(sim.jobsByHost()).toEqual({ h1: 'web:v1', h2: 'web:v1', h3: 'web:v1' })
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')

    sim.edit({}, { 'helios/rollout-retry': '2026-01-01T00:02:00Z' })
    sim.plan()
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'RETRY',
      job: 'web:v2',
      acknowledged: '2026-01-01T00:02:00Z',
    })
    expect(sim.writes).toEqual(['create web@h1~surge'])
    sim.plan()
    expect(sim.rollout.state).toBe('ROLLING_OUT') // the older stop value is not newer than the retry
  })

  test('retry after an automatic revert rolls out spec.job again (revertedFrom cleared)', () => {
    const sim = settled({ rollout: { autoRevert: true } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING' })
    sim.plan()
    sim.report('web@h1')
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')
    sim.edit({}, { 'helios/rollout-retry': '2026-01-01T00:05:00Z' })
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'RETRY', job: 'web:v2' })
    expect(sim.rollout.revertedFrom).toBeUndefined()
    expect(sim.jobsByHost().h1).toBe('web:v2')
  })
})

describe('planRollout: retrying a hopeless host', () => {
  test('a failure reported before the retry began does not fail the retry at once', () => {
    const sim = settled({ rollout: { timeout: 60 } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    const failedAt = new Date(sim.now).toISOString()
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING', updatedAt: failedAt })
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')
    sim.now += 10_000
    sim.edit({}, { 'helios/rollout-retry': new Date(sim.now).toISOString() })
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'RETRY', inProgress: { h1: expect.any(String) } })
    sim.report('web@h1', 'FAILED', { throttled: 'IMAGE_MISSING', updatedAt: new Date(sim.now + 1).toISOString() })
    sim.plan()
    expect(sim.rollout.state).toBe('FAILED')
  })
})
