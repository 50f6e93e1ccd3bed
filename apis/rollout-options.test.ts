import { describe, expect, test } from 'vitest'
import { Job } from './job.js'
import { jobId } from './job-id.js'
import { RolloutOptions } from './rollout-options.js'

const job = (rolloutOptions: object) =>
  Job.parse({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: 'web:v1' },
    spec: { image: 'busybox', rolloutOptions },
  })

describe('RolloutOptions: the health and canary fields', () => {
  test('have no schema default: a Job stored with rolloutOptions parses to the same keys, so the same hash', () => {
    // A Job's rolloutOptions are kept as given (issue 14's precedence): no default is filled in, new fields included.
    const parsed = job({ parallelism: 2 }).spec.rolloutOptions ?? {}
    expect(Object.keys(parsed)).toEqual(['parallelism'])
    // The id is over the parsed spec: another value of an existing field moves it, an absent new field does not.
    expect(jobId('web:v1', job({ parallelism: 2 }).spec)).not.toBe(jobId('web:v1', job({ parallelism: 3 }).spec))
    expect(jobId('web:v1', job({ parallelism: 2 }).spec)).not.toBe(jobId('web:v1', job({ canary: 0 }).spec))
  })

  test.each([
    [{ minHealthySeconds: -1 }, 'minHealthySeconds is at least 0'],
    [{ minHealthySeconds: 3601 }, 'minHealthySeconds is at most 3600'],
    [{ minHealthySeconds: 1.5 }, 'expected int'],
    [{ progressDeadlineSeconds: 0 }, 'progressDeadlineSeconds is at least 1'],
    [{ canary: -1 }, 'canary is at least 0'],
    [{ canary: 1001 }, 'canary is at most 1000'],
    [{ canaryPromoteAfterSeconds: 604_801 }, 'canaryPromoteAfterSeconds is at most 604800'],
    [{ minHealthySeconds: '10' }, 'expected number'],
  ])('%j is refused (%s)', (options, words) => {
    const result = RolloutOptions.safeParse(options)
    expect(result.success).toBe(false)
    expect(JSON.stringify(result.error?.issues)).toContain(words)
  })

  test('a value a user sets is kept, 0 included', () => {
    expect(RolloutOptions.parse({ minHealthySeconds: 0, canary: 0 })).toMatchObject({ minHealthySeconds: 0, canary: 0 })
  })
})
