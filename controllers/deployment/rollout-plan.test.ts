import { describe, expect, test } from 'vitest'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const jobs = [job('web:v1'), job('web:v2'), job('web:v3')]
const hosts = ['h1', 'h2', 'h3']

/** A Deployment of web:v1 already DONE on h1..h3, everything RUNNING. */
function settled(spec: Parameters<typeof deployment>[0] = {}) {
  const sim = new RolloutSim(deployment({ hosts, ...spec }), hosts, jobs)
  sim.plan()
  sim.runAll()
  sim.plan()
  return sim
}

describe('planRollout: first deploy and job changes', () => {
  test('a new Deployment places every host at once, whatever the parallelism, then is DONE', () => {
    const sim = new RolloutSim(deployment({ hosts, rollout: { parallelism: 1 } }), hosts, jobs)
    sim.plan()
    expect(sim.writes).toEqual(['create web@h1', 'create web@h2', 'create web@h3'])
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'CREATED', job: 'web:v1', revision: 1 })
    expect(Object.keys(sim.rollout.inProgress)).toEqual(hosts)
    sim.runAll()
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'DONE', done: hosts, pending: [], inProgress: {} })
    expect(sim.rollout.finishedAt).toBeDefined()
    expect(sim.deployment.status?.revisions).toMatchObject([{ revision: 1, job: 'web:v1', outcome: 'DONE' }])
  })

  test('an empty target is DONE at once', () => {
    const sim = new RolloutSim(deployment({}), [], jobs)
    sim.plan()
    expect(sim.rollout.state).toBe('DONE')
  })

  test('JOB_CHANGED with parallelism 1 walks h1, then h2, then h3, one at a time', () => {
    const sim = settled()
    sim.edit({ job: 'web:v2' })
    const seen: Record<string, string>[] = []
    for (const host of hosts) {
      sim.plan()
      expect(sim.writes).toEqual([`update web@${host}`])
      expect(Object.keys(sim.rollout.inProgress)).toEqual([host])
      seen.push(sim.jobsByHost())
      sim.plan()
      expect(sim.writes).toEqual([]) // not running yet: nothing else moves
      sim.report(`web@${host}`)
    }
    expect(seen).toEqual([
      { h1: 'web:v2', h2: 'web:v1', h3: 'web:v1' },
      { h1: 'web:v2', h2: 'web:v2', h3: 'web:v1' },
      { h1: 'web:v2', h2: 'web:v2', h3: 'web:v2' },
    ])
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'DONE', reason: 'JOB_CHANGED', job: 'web:v2', revision: 2 })
  })

  test('parallelism 2 keeps a sliding window of two hosts in progress', () => {
    const sim = settled({ rollout: { parallelism: 2 } })
    sim.hosts = ['h1', 'h2', 'h3', 'h4']
    sim.edit({ hosts: sim.hosts })
    sim.plan() // h4 joins: created at once
    sim.runAll()
    sim.plan()
    sim.edit({ job: 'web:v2' })
    sim.plan()
    expect(sim.writes).toEqual(['update web@h1', 'update web@h2'])
    expect(sim.rollout.pending).toEqual(['h3', 'h4'])
    sim.report('web@h2')
    sim.plan()
    expect(sim.writes).toEqual(['update web@h3'])
    expect(Object.keys(sim.rollout.inProgress).sort()).toEqual(['h1', 'h3'])
  })

  test('hosts joining a DONE rollout get the Job at once (HOSTS_CHANGED); hosts leaving lose their Task', () => {
    const sim = settled()
    sim.hosts = ['h2', 'h3', 'h4']
    sim.edit({ hosts: sim.hosts })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h4', 'delete web@h1'])
    expect(sim.rollout).toMatchObject({
      state: 'ROLLING_OUT',
      reason: 'HOSTS_CHANGED',
      inProgress: { h4: expect.any(String) },
    })
  })

  test('goal STOP reaches every Task at once, not host by host', () => {
    const sim = settled()
    sim.edit({ goal: 'STOP' })
    sim.plan()
    expect(sim.writes).toEqual(['update web@h1', 'update web@h2', 'update web@h3'])
    expect([...sim.tasks.values()].map((t) => t.spec.goal)).toEqual(['STOP', 'STOP', 'STOP'])
  })

  test('a restart (new restartedAt) walks hosts like a new Job', () => {
    const sim = settled()
    sim.now += 60_000
    sim.edit({ restartedAt: new Date(sim.now).toISOString() })
    sim.plan()
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'RESTART', job: 'web:v1' })
    expect(sim.writes).toEqual(['update web@h1'])
    expect(sim.tasks.get('web@h1')?.spec.restartedAt).toBe(new Date(sim.now).toISOString())
    sim.report('web@h1')
    sim.plan()
    expect(sim.writes).toEqual(['update web@h2'])
  })

  test('paused: no new step starts and status says so; resuming continues', () => {
    const sim = settled({ paused: true })
    sim.edit({ job: 'web:v2' })
    const plan = sim.plan()
    expect(sim.writes).toEqual([])
    expect(plan.message).toBe('paused')
    expect(sim.rollout.pending).toEqual(hosts)
    sim.edit({ paused: false })
    sim.plan()
    expect(sim.writes).toEqual(['update web@h1'])
  })

  test('overlap: surge created, main updated once the surge runs, surge deleted once the main is done', () => {
    const sim = settled({ rollout: { overlap: true } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h1~surge'])
    expect(sim.tasks.get('web@h1~surge')?.spec.job).toBe('web:v2')
    sim.plan()
    expect(sim.writes).toEqual([])
    sim.report('web@h1~surge')
    sim.plan()
    expect(sim.writes).toEqual(['update web@h1'])
    sim.report('web@h1')
    sim.plan()
    expect(sim.writes).toEqual(['create web@h2~surge', 'delete web@h1~surge'])
    expect(sim.rollout.done).toEqual(['h1'])
  })

  test('the requeue is the nearest step timeout', () => {
    const sim = settled({ rollout: { timeout: 30 } })
    sim.edit({ job: 'web:v2' })
    sim.plan()
    sim.now += 10_000
    expect(sim.plan().requeueAfterMs).toBe(20_000)
  })
})
