import { expect, test } from 'vitest'
import { Deployment, type DeploymentSpec } from '../../apis/index.js'
import { startsJob } from './deploy-policy.js'

const d = (spec: Partial<DeploymentSpec>): Deployment =>
  Deployment.parse({ apiVersion: 'helios/v1', kind: 'Deployment', metadata: { name: 'd' }, spec })
const base = { job: 'a:v1', hosts: ['h1'] }

test.each<[string, Partial<DeploymentSpec> | undefined, Partial<DeploymentSpec>, boolean]>([
  ['a new Deployment', undefined, base, true],
  ['a new STOP Deployment', undefined, { ...base, goal: 'STOP' }, false],
  ['a new group without a Job', undefined, { hosts: ['h1'] }, false],
  ['another Job', base, { ...base, job: 'b:v1' }, true],
  ['goal STOP → START', { ...base, goal: 'STOP' }, base, true],
  ['goal START → STOP', base, { ...base, goal: 'STOP' }, false],
  ['a host goal STOP → START', { ...base, hostGoals: { h1: 'STOP' } }, base, true],
  ['a host goal START → STOP', base, { ...base, hostGoals: { h1: 'STOP' } }, false],
  [
    'a host goal START under goal STOP',
    { ...base, goal: 'STOP' },
    { ...base, goal: 'STOP', hostGoals: { h1: 'START' } },
    true,
  ],
  ['one more host', base, { ...base, hosts: ['h1', 'h2'] }, true],
  ['a selector', base, { ...base, hostSelector: ['role=web'] }, true],
  ['replicas', base, { ...base, replicas: 3 }, true],
  ['a restart', base, { ...base, restartedAt: '2030-01-01T00:00:00Z' }, true],
  ['paused', base, { ...base, paused: true }, false],
  ['rollout options', base, { ...base, rollout: { parallelism: 3 } } as Partial<DeploymentSpec>, false],
  ['nothing', base, base, false],
])('%s: judged %s', (_, current, next, judged) => {
  expect(startsJob(d(next), current && d(current))).toBe(judged)
})
