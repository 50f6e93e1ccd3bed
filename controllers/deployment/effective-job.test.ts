import { describe, expect, test } from 'vitest'
import { type Deployment, parseObject } from '../../apis/index.js'
import { effectiveRolloutOptions } from './effective-job.js'

const deployment = (spec: object): Deployment =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { job: 'web:v1', ...spec },
  }) as Deployment

// Issue 14: flags (spec.rolloutOverrides), then the Job's rolloutOptions, then spec.rollout, then the defaults.
describe('effectiveRolloutOptions: precedence, option by option', () => {
  const cases: Array<{ name: string; spec?: object; job?: object; expected: object }> = [
    {
      name: 'nothing given: the defaults',
      expected: { parallelism: 1, timeout: 300, overlap: false, autoRevert: false },
    },
    {
      name: "the Job's options (issue 14's example)",
      job: { parallelism: 2, timeout: 120 },
      expected: { parallelism: 2, timeout: 120 },
    },
    {
      name: "the Deployment's where the Job says nothing",
      spec: { rollout: { parallelism: 4, overlap: true } },
      job: { timeout: 120 },
      expected: { parallelism: 4, timeout: 120, overlap: true },
    },
    {
      name: "the Job's over the Deployment's",
      spec: { rollout: { parallelism: 4, timeout: 30 } },
      job: { parallelism: 2 },
      expected: { parallelism: 2, timeout: 30 },
    },
    {
      name: 'a Job option set to the default value still wins',
      spec: { rollout: { overlap: true, ignoreFailures: true } },
      job: { overlap: false, ignoreFailures: false },
      expected: { overlap: false, ignoreFailures: false },
    },
    {
      name: 'overrides over the Job',
      spec: { rolloutOverrides: { parallelism: 3 } },
      job: { parallelism: 2, timeout: 120 },
      expected: { parallelism: 3, timeout: 120 },
    },
    {
      name: 'autoRevert: overrides, then the Job, then the Deployment',
      spec: { rollout: { autoRevert: true } },
      job: { autoRevert: false },
      expected: { autoRevert: false },
    },
    {
      name: 'autoRevert from the Deployment when the Job says nothing',
      spec: { rollout: { autoRevert: true } },
      job: { parallelism: 2 },
      expected: { autoRevert: true },
    },
    {
      name: 'autoRevert from an override over a Job saying false',
      spec: { rolloutOverrides: { autoRevert: true } },
      job: { autoRevert: false },
      expected: { autoRevert: true },
    },
  ]
  for (const c of cases) {
    test(c.name, () => {
      expect(effectiveRolloutOptions(deployment(c.spec ?? {}), c.job)).toMatchObject(c.expected)
    })
  }

  test('a Job stored with every option filled (before options were kept as given) is taken as it is', () => {
    const filled = { parallelism: 1, timeout: 300, overlap: false, migrate: false, ignoreFailures: false, token: '' }
    expect(effectiveRolloutOptions(deployment({ rollout: { parallelism: 4 } }), filled).parallelism).toBe(1)
  })
})
