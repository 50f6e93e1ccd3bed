import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { host, job, serveTestApp, type TestServer, task } from './test-fixture.js'

const JOBS = '/apis/helios/v1/jobs'
const HOSTS = '/apis/helios/v1/hosts'
const TASKS = '/apis/helios/v1/tasks'

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp({ version: '1.2.3' })
})
afterEach(() => s.close())

describe('CRUD', () => {
  test('POST sets server fields; GET, list and DELETE round-trip', async () => {
    const created = await s.call('POST', JOBS, job('nginx:v1'))
    expect(created.status).toBe(201)
    const meta = created.body.metadata
    expect(meta).toMatchObject({ name: 'nginx:v1', generation: 1, labels: {}, annotations: {} })
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(meta.resourceVersion).toMatch(/^\d+$/)
    expect(Date.parse(meta.creationTimestamp)).not.toBeNaN()
    expect(created.body.status.id).toMatch(/^nginx:v1:[0-9a-f]{40}$/)
    expect((await s.call('GET', `${JOBS}/nginx%3Av1`)).body).toEqual(created.body)
    const list = await s.call('GET', JOBS)
    expect(list.body).toMatchObject({ kind: 'List', apiVersion: 'helios/v1', items: [created.body] })
    expect(list.body.metadata.resourceVersion).toBe(meta.resourceVersion)
    const deleted = await s.call('DELETE', `${JOBS}/nginx:v1`)
    expect(deleted).toMatchObject({ status: 200, body: { metadata: { name: 'nginx:v1' } } })
    expect((await s.call('GET', `${JOBS}/nginx:v1`)).body).toMatchObject({
      kind: 'Status',
      code: 404,
      reason: 'NotFound',
      message: 'job "nginx:v1" not found',
    })
  })

  test('a duplicate POST is 409 AlreadyExists', async () => {
    await s.call('POST', HOSTS, host('h1'))
    expect((await s.call('POST', HOSTS, host('h1'))).body).toMatchObject({ code: 409, reason: 'AlreadyExists' })
  })

  test('PUT with a stale resourceVersion is 409 Conflict and stores nothing', async () => {
    const v1 = (await s.call('POST', HOSTS, host('h1'))).body
    const v2 = await s.call('PUT', `${HOSTS}/h1`, { ...v1, metadata: { ...v1.metadata, labels: { a: '1' } } })
    expect(v2.status).toBe(200)
    const stale = await s.call('PUT', `${HOSTS}/h1`, { ...v1, metadata: { ...v1.metadata, labels: { a: '2' } } })
    expect(stale.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'host "h1" was modified concurrently; re-read and retry',
    })
    expect((await s.call('GET', `${HOSTS}/h1`)).body.metadata.labels).toEqual({ a: '1' })
  })

  test('PUT keeps status and bumps generation only on spec changes; PUT status keeps spec', async () => {
    const created = (await s.call('POST', HOSTS, host('h1'))).body
    const status = { state: 'UP', lastHeartbeat: '2024-01-01T00:00:00Z' }
    const withStatus = await s.call('PUT', `${HOSTS}/h1/status`, { ...created, spec: { unschedulable: true }, status })
    expect(withStatus.body).toMatchObject({ spec: { unschedulable: false }, status, metadata: { generation: 1 } })
    const relabelled = await s.call('PUT', `${HOSTS}/h1`, {
      ...host('h1', { zone: 'a' }),
      status: { state: 'DOWN', lastHeartbeat: '2026-01-01T00:00:00Z' },
    })
    expect(relabelled.body).toMatchObject({ status, metadata: { generation: 1, labels: { zone: 'a' } } })
    const cordoned = await s.call('PUT', `${HOSTS}/h1`, { ...host('h1', { zone: 'a' }), spec: { unschedulable: true } })
    expect(cordoned.body).toMatchObject({ status, spec: { unschedulable: true }, metadata: { generation: 2 } })
  })

  test('a PUT changing nothing writes nothing', async () => {
    const created = (await s.call('POST', HOSTS, host('h1'))).body
    const again = await s.call('PUT', `${HOSTS}/h1`, host('h1'))
    expect(again.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
  })

  test('PUT or DELETE of a missing object is 404; DELETE with a stale resourceVersion is 409', async () => {
    expect((await s.call('PUT', `${HOSTS}/nope`, host('nope'))).status).toBe(404)
    expect((await s.call('DELETE', `${HOSTS}/nope`)).body.message).toBe('host "nope" not found')
    const v1 = (await s.call('POST', HOSTS, host('h1'))).body
    await s.call('PUT', `${HOSTS}/h1`, host('h1', { a: 'b' }))
    expect((await s.call('DELETE', `${HOSTS}/h1?resourceVersion=${v1.metadata.resourceVersion}`)).status).toBe(409)
  })

  test('Tasks are written through the same routes', async () => {
    expect((await s.call('POST', TASKS, task('web', 'h1'))).status).toBe(201)
    expect((await s.call('GET', `${TASKS}/web@h1`)).body.spec.host).toBe('h1')
  })
})

describe('bad input', () => {
  test('validation failures are 422 with causes naming fields', async () => {
    const bad = job('nginx:v1', { image: '', ports: { http: { internalPort: 70000 } }, imagee: 'x' })
    const reply = await s.call('POST', JOBS, bad)
    expect(reply.status).toBe(422)
    expect(reply.body.reason).toBe('Invalid')
    expect(reply.body.message).toMatch(/^Job "nginx:v1" is invalid: /)
    expect(reply.body.causes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['spec.image', 'spec.ports.http.internalPort', 'spec.imagee']),
    )
    expect((await s.call('GET', JOBS)).body.items).toEqual([])
  })

  test('malformed JSON is 400, an oversized body 413, a kind or name unlike the URL 400', async () => {
    const malformed = await s.call('POST', JOBS, '{"kind": "Job",')
    expect(malformed.body).toMatchObject({ code: 400, reason: 'BadRequest' })
    expect(malformed.body.message).toMatch(/^request body is not valid JSON/)
    const huge = job('big:v1', { env: { BIG: 'x'.repeat(1024 * 1024) } })
    expect((await s.call('POST', JOBS, huge)).body).toMatchObject({ code: 413, reason: 'PayloadTooLarge' })
    expect((await s.call('POST', HOSTS, job('a:v1'))).body.message).toBe(
      'body kind "Job" does not match the URL, which serves Host',
    )
    expect((await s.call('PUT', `${HOSTS}/h2`, host('h1'))).body.message).toBe(
      'body metadata.name "h1" does not match the URL name "h2"',
    )
    expect((await s.call('POST', HOSTS, '[1]')).status).toBe(400)
    const badVersion = await s.call('PUT', `${HOSTS}/h1`, {
      ...host('h1'),
      metadata: { name: 'h1', resourceVersion: 'x' },
    })
    expect(badVersion.body.message).toBe('metadata.resourceVersion must be a decimal number, got "x"')
  })

  test('unknown plurals and routes are 404 Status bodies', async () => {
    expect((await s.call('GET', '/apis/helios/v1/pods')).body).toMatchObject({
      kind: 'Status',
      code: 404,
      message: 'unknown resource "pods" (known: jobs, deployments, hosts, tasks, events, endpoints)',
    })
    expect((await s.call('GET', '/nope')).body).toMatchObject({
      kind: 'Status',
      code: 404,
      message: 'no route for GET /nope',
    })
  })
})

describe('selectors', () => {
  test('labelSelector and fieldSelector filter lists; bad ones are 400', async () => {
    await s.call('POST', HOSTS, host('h1', { role: 'web', zone: 'a' }))
    await s.call('POST', HOSTS, host('h2', { role: 'db', zone: 'b' }))
    await s.call('POST', HOSTS, host('h3', {}))
    const names = async (query: string) =>
      (await s.call('GET', `${HOSTS}?${query}`)).body.items.map((h: { metadata: { name: string } }) => h.metadata.name)
    expect(await names('labelSelector=role%3Dweb')).toEqual(['h1'])
    expect(await names(`labelSelector=${encodeURIComponent('zone in (a,b),role!=db')}`)).toEqual(['h1'])
    expect(await names('labelSelector=!role')).toEqual(['h3'])
    expect(await names('labelSelector=role')).toEqual(['h1', 'h2'])
    expect(await names('fieldSelector=metadata.name%3Dh2')).toEqual(['h2'])
    await s.call('POST', TASKS, task('web', 'h1'))
    await s.call('POST', TASKS, task('web', 'h2'))
    const tasks = await s.call(
      'GET',
      `${TASKS}?fieldSelector=${encodeURIComponent('spec.host=h2,spec.deployment=web')}`,
    )
    expect(tasks.body.items.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual(['web@h2'])
    expect((await s.call('GET', `${HOSTS}?labelSelector=${encodeURIComponent('a in b')}`)).status).toBe(400)
    expect((await s.call('GET', `${HOSTS}?fieldSelector=spec.host%3Dh1`)).body.message).toBe(
      'fieldSelector "spec.host" is not supported for hosts (supported: metadata.name)',
    )
  })
})

describe('operations', () => {
  test('healthz, readyz, version and metrics', async () => {
    expect(await s.call('GET', '/healthz')).toEqual({ status: 200, body: 'ok' })
    expect(await s.call('GET', '/readyz')).toEqual({ status: 200, body: 'ok' })
    expect((await s.call('GET', '/version')).body).toEqual({ version: '1.2.3' })
    const metrics = (await s.call('GET', '/metrics')).body
    expect(metrics).toContain('helios_apiserver_requests_total{method="GET",code="200"}')
  })
})
