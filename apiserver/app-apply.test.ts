import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { deployment, job, serveTestApp, type TestServer, task } from './test-fixture.js'

const APPLY = '/apis/helios/v1/apply'

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
})
afterEach(() => s.close())

describe('apply', () => {
  test('created, then unchanged, then configured', async () => {
    await s.call('POST', APPLY, job('nginx:v1'))
    const dep = deployment('web', { job: 'nginx:v1', hosts: ['h1'] })
    const created = await s.call('POST', APPLY, dep)
    expect(created.body).toMatchObject({ outcome: 'created', object: { metadata: { name: 'web', generation: 1 } } })
    const unchanged = await s.call('POST', APPLY, { ...dep, spec: { ...dep.spec, goal: 'START' } })
    expect(unchanged.body.outcome).toBe('unchanged')
    expect(unchanged.body.object.metadata.resourceVersion).toBe(created.body.object.metadata.resourceVersion)
    const configured = await s.call('POST', APPLY, { ...dep, spec: { ...dep.spec, hosts: ['h1', 'h2'] } })
    expect(configured.body).toMatchObject({
      outcome: 'configured',
      object: { spec: { hosts: ['h1', 'h2'] }, metadata: { generation: 2 } },
    })
  })

  test('an identical Job is unchanged; a changed one is refused', async () => {
    expect((await s.call('POST', APPLY, job('nginx:v1'))).body.outcome).toBe('created')
    expect((await s.call('POST', APPLY, job('nginx:v1', { command: [] }))).body.outcome).toBe('unchanged')
    const changed = await s.call('POST', APPLY, job('nginx:v1', { command: ['sh'] }))
    expect(changed.body).toMatchObject({ code: 422, causes: [{ field: 'spec' }] })
  })

  test('dryRun runs every rule and stores nothing', async () => {
    const dry = await s.call('POST', `${APPLY}?dryRun=true`, job('nginx:v1'))
    expect(dry.body).toMatchObject({
      outcome: 'created',
      object: { status: { id: expect.stringMatching(/^nginx:v1:/) } },
    })
    expect((await s.call('GET', '/apis/helios/v1/jobs')).body.items).toEqual([])
    const missingJob = await s.call('POST', `${APPLY}?dryRun=true`, deployment('web', { job: 'nginx:v1' }))
    expect(missingJob.body).toMatchObject({ code: 422, message: 'job "nginx:v1" not found' })
    await s.call('POST', APPLY, job('nginx:v1'))
    await s.call('POST', APPLY, deployment('web', { job: 'nginx:v1' }))
    const before = (await s.call('GET', '/apis/helios/v1/deployments/web')).body
    const dryChange = await s.call('POST', `${APPLY}?dryRun=1`, deployment('web', { job: 'nginx:v1', goal: 'STOP' }))
    expect(dryChange.body).toMatchObject({ outcome: 'configured', object: { spec: { goal: 'STOP' } } })
    expect((await s.call('GET', '/apis/helios/v1/deployments/web')).body).toEqual(before)
  })

  test('invalid manifests are 422 with causes; Tasks cannot be applied', async () => {
    const bad = await s.call('POST', APPLY, { ...job('nginx:v1'), kind: 'Pod' })
    expect(bad.body).toMatchObject({ code: 422, causes: [{ field: 'kind' }] })
    const noImage = await s.call('POST', APPLY, job('nginx', { image: undefined }))
    expect(noImage.body.causes.map((c: { field: string }) => c.field)).toEqual(['metadata.name', 'spec.image'])
    const taskApply = await s.call('POST', APPLY, task('web', 'h1'))
    expect(taskApply.body).toMatchObject({
      code: 422,
      message: 'Task objects are managed by the controllers; apply Jobs, Deployments and Hosts',
    })
  })
})
