import { describe, expect, test } from 'vitest'
import type { Revision } from '../../apis/index.js'
import { lastGoodRevision, recordRevision } from './revisions.js'
import { deployment, job, RolloutSim } from './rollout-fixture.js'

const entry = (job: string) => ({ job, jobId: `${job}:abc`, changeCause: `job set to ${job}`, createdAt: 't' })
const history = (...jobs: string[]) => jobs.reduce<Revision[]>((revs, j) => recordRevision(revs, entry(j)), [])

describe('revisions', () => {
  test('each new Job is appended with the next number; the same Job twice is one revision', () => {
    expect(history('a:1', 'b:1', 'b:1').map((r) => [r.revision, r.job])).toEqual([
      [1, 'a:1'],
      [2, 'b:1'],
    ])
  })
  test('going back to an older Job moves it to the top under a new number (undo)', () => {
    expect(history('a:1', 'b:1', 'a:1').map((r) => [r.revision, r.job])).toEqual([
      [2, 'b:1'],
      [3, 'a:1'],
    ])
  })
  test('at most 10 revisions are kept, the newest', () => {
    const revs = history(...Array.from({ length: 12 }, (_, i) => `web:v${i + 1}`))
    expect(revs).toHaveLength(10)
    expect(revs[0]?.revision).toBe(3)
    expect(revs.at(-1)?.revision).toBe(12)
  })
  test('the last good revision is the newest DONE one of another Job', () => {
    const revs = history('a:1', 'b:1', 'c:1').map((r) => ({ ...r, outcome: 'DONE' as const }))
    expect(lastGoodRevision(revs, 'c:1')?.job).toBe('b:1')
  })
  test('rollouts record revisions with the change-cause annotation, or "job set to X"', () => {
    const sim = new RolloutSim(deployment({ hosts: ['h1'] }), ['h1'], [job('web:v1'), job('web:v2')])
    sim.plan()
    sim.runAll()
    sim.plan()
    sim.edit({ job: 'web:v2' }, { 'helios/change-cause': 'bump to v2' })
    sim.plan()
    expect(sim.deployment.status?.revisions).toMatchObject([
      { revision: 1, job: 'web:v1', changeCause: 'job set to web:v1', outcome: 'DONE' },
      { revision: 2, job: 'web:v2', changeCause: 'bump to v2' },
    ])
    expect(sim.deployment.status?.revisions[1]?.jobId).toMatch(/^web:v2:[0-9a-f]{40}$/)
    expect(sim.rollout.revision).toBe(2)
  })
})
