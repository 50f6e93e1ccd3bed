import { describe, expect, test } from 'vitest'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const jobs = [job('web:v1'), job('web:v2')]
const hosts = ['h1', 'h2']

describe('a deployment group without a Job (create-deployment-group)', () => {
  test('places nothing and says why; a rolling-update (spec.job set) then places every host', () => {
    const sim = new RolloutSim(deployment({ job: undefined, hostSelector: ['role=web'] }), hosts, jobs)
    const plan = sim.plan()
    expect(plan.message).toBe('no job yet')
    expect(plan.desired).toBeUndefined()
    expect(sim.writes).toEqual([])
    sim.edit({ job: 'web:v1' })
    sim.plan()
    expect(sim.writes).toEqual(['create web@h1', 'create web@h2'])
    expect(sim.rollout).toMatchObject({ state: 'ROLLING_OUT', job: 'web:v1', revision: 1 })
  })
})

describe('per-host goals (start/stop JOB HOST)', () => {
  test('hostGoals stops one host; the other keeps the Deployment goal; the rollout stays DONE', () => {
    const sim = new RolloutSim(deployment({ hosts }), hosts, jobs)
    sim.plan()
    sim.runAll()
    sim.plan()
    sim.edit({ hostGoals: { h2: 'STOP' } })
    sim.plan()
    expect(sim.writes).toEqual(['update web@h2'])
    expect(sim.tasks.get('web@h1')?.spec.goal).toBe('START')
    expect(sim.tasks.get('web@h2')?.spec.goal).toBe('STOP')
    expect(sim.rollout.state).toBe('DONE')
  })

  test('a rolling update moves a stopped host at once, still stopped, and does not wait for it to run', () => {
    const sim = new RolloutSim(deployment({ hosts, hostGoals: { h1: 'STOP' } }), hosts, jobs)
    sim.plan()
    sim.runAll()
    sim.plan()
    sim.edit({ job: 'web:v2' })
    sim.plan()
    expect(sim.tasks.get('web@h1')?.spec).toMatchObject({ job: 'web:v2', goal: 'STOP' })
    expect(sim.rollout.done).toContain('h1')
    expect(sim.tasks.get('web@h2')?.spec).toMatchObject({ job: 'web:v2', goal: 'START' })
  })
})
