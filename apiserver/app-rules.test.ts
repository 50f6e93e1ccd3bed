import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { deployment, job, serveTestApp, type TestServer } from './test-fixture.js'

const JOBS = '/apis/helios/v1/jobs'
const DEPLOYMENTS = '/apis/helios/v1/deployments'
const http = (externalPort: number, protocol = 'tcp') => ({
  ports: { http: { internalPort: 80, externalPort, protocol } },
})

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
})
afterEach(() => s.close())

describe('Job rules', () => {
  test('a Job spec cannot change; an identical PUT is a no-op', async () => {
    const created = (await s.call('POST', JOBS, job('nginx:v1'))).body
    const changed = await s.call('PUT', `${JOBS}/nginx:v1`, job('nginx:v1', { image: 'nginx:1.7.2' }))
    expect(changed.status).toBe(422)
    expect(changed.body.message).toBe(
      'job "nginx:v1" already exists with a different spec; jobs are immutable — bump the version (e.g. nginx:v2)',
    )
    expect(changed.body.causes).toEqual([{ field: 'spec', message: 'jobs are immutable' }])
    const same = await s.call('PUT', `${JOBS}/nginx:v1`, job('nginx:v1', { env: {} }))
    expect(same.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
    expect((await s.call('GET', `${JOBS}/nginx:v1`)).body.spec.image).toBe('nginx:1.7.1')
  })

  test('a stored Job keeps its id when applied again unchanged, whatever the hash scheme that made it', async () => {
    const stored = { ...job('nginx:v1'), status: { id: `nginx:v1:${'0'.repeat(40)}` } }
    await s.store.create(stored as never)
    const again = await s.call('PUT', `${JOBS}/nginx:v1`, job('nginx:v1'))
    expect(again.status).toBe(200)
    expect((await s.call('GET', `${JOBS}/nginx:v1`)).body.status.id).toBe(stored.status.id)
  })

  test("a new Job with a grace period and a static port is refused in Helios' words", async () => {
    const refused = await s.call('POST', JOBS, job('web:v1', { ...http(8080), gracePeriod: 10 }))
    expect(refused.status).toBe(422)
    expect(refused.body.message).toMatch(/^Job has both grace period and static\/external ports\. /)
    expect(refused.body.causes).toEqual([
      { field: 'spec.gracePeriod', message: 'a grace period needs dynamic ports only' },
    ])
    const dynamic = await s.call(
      'POST',
      JOBS,
      job('web:v1', { ports: { http: { internalPort: 80 } }, gracePeriod: 10 }),
    )
    expect(dynamic.status).toBe(201)
  })

  test('a Job named by a Deployment cannot be deleted', async () => {
    await s.call('POST', JOBS, job('nginx:v1'))
    await s.call('POST', DEPLOYMENTS, deployment('web', { job: 'nginx:v1' }))
    await s.call('POST', DEPLOYMENTS, deployment('nginx', { job: 'nginx:v1' }))
    const refused = await s.call('DELETE', `${JOBS}/nginx:v1`)
    expect(refused.body).toMatchObject({
      code: 409,
      message: 'job "nginx:v1" is still used by deployments: nginx, web',
    })
    await s.call('DELETE', `${DEPLOYMENTS}/web`)
    await s.call('DELETE', `${DEPLOYMENTS}/nginx`)
    expect((await s.call('DELETE', `${JOBS}/nginx:v1`)).status).toBe(200)
  })
})

describe('Deployment rules', () => {
  test('spec.job must name an existing Job', async () => {
    const reply = await s.call('POST', DEPLOYMENTS, deployment('web', { job: 'nginx:v9' }))
    expect(reply.body).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'job "nginx:v9" not found',
      causes: [{ field: 'spec.job', message: 'job "nginx:v9" not found' }],
    })
  })

  test('an overlapping rollout of a Job with a static host port is refused, naming spec.rollout.overlap', async () => {
    await s.call('POST', JOBS, job('a:v1', http(8080)))
    await s.call('POST', JOBS, job('d:v1', { ports: { http: { internalPort: 80 } } }))
    const overlap = { parallelism: 1, overlap: true }
    const refused = await s.call('POST', DEPLOYMENTS, deployment('a', { job: 'a:v1', rollout: overlap }))
    expect(refused.status).toBe(422)
    expect(refused.body.causes).toEqual([
      {
        field: 'spec.rollout.overlap',
        message:
          'overlap starts the new container next to the old one on each host, so ports must be dynamic: job a:v1 port "http" publishes static host port 8080/tcp',
      },
    ])
    expect((await s.call('GET', `${DEPLOYMENTS}/a`)).status).toBe(404)
    expect((await s.call('POST', DEPLOYMENTS, deployment('d', { job: 'd:v1', rollout: overlap }))).status).toBe(201)
  })

  test('a static host port used by another Deployment on the same host is a 409', async () => {
    await s.call('POST', JOBS, job('a:v1', http(8080)))
    await s.call('POST', JOBS, job('b:v1', http(8080)))
    await s.call('POST', JOBS, job('c:v1', http(8080, 'udp')))
    expect((await s.call('POST', DEPLOYMENTS, deployment('a', { job: 'a:v1', hosts: ['web1', 'web2'] }))).status).toBe(
      201,
    )
    const clash = await s.call('POST', DEPLOYMENTS, deployment('b', { job: 'b:v1', hosts: ['web3', 'web2'] }))
    expect(clash.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'PORT_CONFLICT: port 8080/tcp on host web2 is already used by deployment "a" (job a:v1)',
      causes: [
        {
          field: 'spec.hosts',
          message: 'web2: PORT_CONFLICT: port 8080/tcp on host web2 is already used by deployment "a" (job a:v1)',
        },
      ],
    })
    expect((await s.call('POST', DEPLOYMENTS, deployment('b', { job: 'b:v1', hosts: ['web3'] }))).status).toBe(201)
    expect((await s.call('POST', DEPLOYMENTS, deployment('c', { job: 'c:v1', hosts: ['web1'] }))).status).toBe(201)
    const moved = await s.call('PUT', `${DEPLOYMENTS}/b`, deployment('b', { job: 'b:v1', hosts: ['web1'] }))
    expect(moved.status).toBe(409)
  })

  test('relabelling a Deployment does not re-run rules about other objects', async () => {
    await s.call('POST', JOBS, job('a:v1'))
    const created = (await s.call('POST', DEPLOYMENTS, deployment('web', { job: 'a:v1' }))).body
    const relabelled = await s.call('PUT', `${DEPLOYMENTS}/web`, {
      ...created,
      metadata: { name: 'web', labels: { t: 'x' } },
    })
    expect(relabelled.body.metadata).toMatchObject({ labels: { t: 'x' }, generation: 1 })
  })
})
