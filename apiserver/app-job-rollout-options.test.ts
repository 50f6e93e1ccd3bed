import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { jobId } from '../apis/index.js'
import { serveTestApp, type TestServer } from './test-fixture.js'

const APPLY = '/apis/helios/v1/apply'
const manifest = (rolloutOptions: object) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'web:v1' },
  spec: { image: 'nginx:1.7.1', rolloutOptions },
})

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
})
afterEach(() => s.close())

describe("a Job's rolloutOptions keep only the options given", () => {
  test('stored as given, so a Deployment can fill what the Job leaves out', async () => {
    const created = await s.call('POST', APPLY, manifest({ parallelism: 2, timeout: 120 }))
    expect(created.body.object.spec.rolloutOptions).toEqual({ parallelism: 2, timeout: 120 })
  })

  test('a Job stored before (every option filled in) re-applied from the same file: unchanged, same id', async () => {
    const filled = { parallelism: 2, timeout: 120, overlap: false, migrate: false, ignoreFailures: false, token: '' }
    const spec = {
      ...manifest(filled).spec,
      ...(await s.call('POST', APPLY, { ...manifest({}), metadata: { name: 'probe:v1' } })).body.object.spec,
      rolloutOptions: filled,
    }
    const id = jobId('web:v1', spec)
    await s.store.create({
      apiVersion: 'helios/v1',
      kind: 'Job',
      metadata: { name: 'web:v1', labels: {}, annotations: {} },
      spec,
      status: { id },
    } as never)
    const again = await s.call('POST', APPLY, manifest({ parallelism: 2, timeout: 120 }))
    expect(again.status).toBe(200)
    expect(again.body.outcome).toBe('unchanged')
    expect(again.body.object.status.id).toBe(id)
    expect(again.body.object.spec.rolloutOptions).toEqual(filled)
    // Any real difference is still a change of an immutable Job.
    const changed = await s.call('POST', APPLY, manifest({ parallelism: 3, timeout: 120 }))
    expect(changed.status).toBe(422)
    const explicitOther = await s.call('POST', APPLY, manifest({ parallelism: 2, timeout: 120, overlap: true }))
    expect(explicitOther.status).toBe(422)
  })
})
