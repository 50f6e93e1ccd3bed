import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { deployment, job, serveTestApp, type TestServer } from './test-fixture.js'

const API = '/apis/helios/v1'

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
})
afterEach(() => s.close())

describe('a Deployment without a Job (a Helios deployment group before its first rolling-update)', () => {
  test('is created, given a token Job later (which then takes its token), and deleted without one', async () => {
    const group = deployment('g', { hostSelector: ['role=web'] })
    expect((await s.call('POST', `${API}/deployments`, group)).status).toBe(201)
    expect((await s.call('GET', `${API}/deployments/g`)).body.spec).not.toHaveProperty('job')
    await s.call('POST', `${API}/jobs`, job('secret:v1', { token: 't' }))
    const stored = (await s.call('GET', `${API}/deployments/g`)).body
    const withJob = { ...stored, spec: { ...stored.spec, job: 'secret:v1' } }
    expect((await s.call('PUT', `${API}/deployments/g`, withJob)).status).toBe(403)
    expect((await s.call('PUT', `${API}/deployments/g?token=t`, withJob)).status).toBe(200)
    const other = deployment('h', { hostSelector: ['role=db'] })
    await s.call('POST', `${API}/deployments`, other)
    expect((await s.call('DELETE', `${API}/deployments/h`)).status).toBe(200)
  })

  test('per-host goals are kept; a host name that is not one is refused', async () => {
    await s.call('POST', `${API}/jobs`, job('web:v1'))
    const web = deployment('web', { job: 'web:v1', hosts: ['h1', 'h2'], hostGoals: { h2: 'STOP' } })
    expect((await s.call('POST', `${API}/deployments`, web)).body.spec.hostGoals).toEqual({ h2: 'STOP' })
    const bad = deployment('bad', { job: 'web:v1', hosts: ['h1'], hostGoals: { 'h 1': 'PAUSE' } })
    expect((await s.call('POST', `${API}/deployments`, bad)).status).toBe(422)
  })
})
