import { describe, expect, test } from 'vitest'
import { ApiError, Deployment, Job } from '../../apis/index.js'
import { DEPLOYMENT_INDEXES } from '../indexes.js'
import { staticLister } from '../lister.js'
import { recordingWriter, type WriteCall } from '../testing/fleet.js'
import { expiryPlan, MAX_WAIT_MS } from './expiry.js'
import { jobExpiryReconciler } from './reconcile.js'

const NOW = Date.parse('2026-11-22T10:00:00Z')
const job = (spec: Record<string, unknown> = {}) =>
  Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'web:v1' }, spec: { image: 'busybox', ...spec } })
const deployment = (name: string, jobName = 'web:v1') =>
  Deployment.parse({ apiVersion: 'helios/v1', kind: 'Deployment', metadata: { name }, spec: { job: jobName } })
const inSeconds = (s: number) => new Date(NOW + s * 1000).toISOString()

function fixture(
  j: Job,
  deployments: Deployment[],
  fail: (kind: string, name: string) => Error | undefined = () => undefined,
) {
  const { writer, calls } = recordingWriter((c) => fail(c.kind, c.name))
  const reconciler = jobExpiryReconciler({
    jobs: staticLister([j]),
    deployments: staticLister(deployments, DEPLOYMENT_INDEXES),
    writer,
    clock: { now: () => NOW, sleep: async () => {} },
  })
  return {
    get actions() {
      const token = (c: WriteCall) => (c.opts?.jobToken ? ` token=${c.opts.jobToken}` : '')
      return calls.filter((c) => !c.refused).map((c) => `${c.verb} ${c.kind}/${c.name}${token(c)}`)
    },
    run: () => reconciler.reconcile('Job/web:v1', new AbortController().signal),
  }
}

describe('expiryPlan', () => {
  test('no expires: keep; future: wait until then (at most a day); past: expire its users', () => {
    expect(expiryPlan(job(), [], NOW)).toEqual({ action: 'keep' })
    expect(expiryPlan(job({ expires: inSeconds(30) }), [], NOW)).toEqual({ action: 'wait', requeueAfterMs: 30_100 })
    expect(expiryPlan(job({ expires: inSeconds(90 * 86_400) }), [], NOW)).toEqual({
      action: 'wait',
      requeueAfterMs: MAX_WAIT_MS,
    })
    const users = [deployment('b'), deployment('other', 'db:v1'), deployment('a')]
    expect(expiryPlan(job({ expires: inSeconds(0) }), users, NOW)).toEqual({
      action: 'expire',
      deployments: ['a', 'b'],
    })
  })
})

describe('jobExpiryReconciler', () => {
  test('a Job that has not expired yet is looked at again when it does; nothing is written', async () => {
    const f = fixture(job({ expires: inSeconds(60) }), [deployment('web')])
    expect(await f.run()).toEqual({ requeueAfterMs: 60_100 })
    expect(f.actions).toEqual([])
  })

  test('an expired Job: its Deployments are deleted, then the Job, with its own token', async () => {
    const f = fixture(job({ expires: inSeconds(-1), token: 's3cret' }), [
      deployment('web'),
      deployment('db', 'db:v1'),
      deployment('canary'),
    ])
    expect(await f.run()).toEqual({})
    expect(f.actions).toEqual([
      'delete Deployment/canary token=s3cret',
      'delete Deployment/web token=s3cret',
      'delete Job/web:v1 token=s3cret',
    ])
  })

  test('already gone is fine; a Job still in use (409) fails the reconcile so it is retried', async () => {
    const gone = fixture(job({ expires: inSeconds(-1) }), [deployment('web')], (kind) =>
      kind === 'Deployment' ? new ApiError('NotFound', 'deployment "web" not found') : undefined,
    )
    expect(await gone.run()).toEqual({})
    expect(gone.actions).toEqual(['delete Job/web:v1'])
    const inUse = fixture(job({ expires: inSeconds(-1) }), [], (kind) =>
      kind === 'Job' ? new ApiError('Conflict', 'job "web:v1" is still used by deployments: late') : undefined,
    )
    await expect(inUse.run()).rejects.toThrow(/still used/)
  })

  test('a Job without expires, or gone from the cache, is left alone', async () => {
    expect(await fixture(job(), [deployment('web')]).run()).toEqual({})
  })
})
