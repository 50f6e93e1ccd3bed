import { afterEach, describe, expect, test } from 'vitest'
import { Authenticator } from './auth/authenticator.js'
import { host, job, requestAs, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'
const auth = () =>
  new Authenticator([
    { token: 'admin-token', user: 'root', role: 'admin' },
    { token: 'viewer-token', user: 'bob', role: 'viewer' },
    { token: 'deployer-token', user: 'ci', role: 'deployer' },
    { token: 'agent-web1-token', user: 'web1', role: 'agent' },
  ])

let s: TestServer | undefined
afterEach(() => s?.close())

const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
  requestAs(s?.url ?? '', token, method, path, body)

describe('bearer-token auth', () => {
  test('no or unknown token: 401 Status; health, readiness, version and metrics stay open', async () => {
    s = await serveTestApp({ auth: auth() })
    for (const token of [undefined, 'wrong-token']) {
      expect(await as(token, 'GET', `${API}/jobs`)).toEqual({
        status: 401,
        body: expect.objectContaining({
          reason: 'Unauthorized',
          message: 'authentication required: send "Authorization: Bearer <token>"',
        }),
      })
    }
    for (const path of ['/healthz', '/readyz', '/version', '/metrics'])
      expect((await as(undefined, 'GET', path)).status).toBe(200)
  })

  test('roles: viewer reads but may not create (403 naming user, role, verb, resource); deployer writes jobs', async () => {
    s = await serveTestApp({ auth: auth() })
    expect((await as('viewer-token', 'GET', `${API}/jobs?watch=0`)).status).toBe(200)
    expect(await as('viewer-token', 'POST', `${API}/jobs`, job('web:v1'))).toMatchObject({
      status: 403,
      body: { reason: 'Forbidden', message: 'user "bob" (viewer) may not create jobs' },
    })
    expect((await as('viewer-token', 'POST', `${API}/apply`, job('web:v1'))).status).toBe(403)
    expect((await as('deployer-token', 'POST', `${API}/apply`, job('web:v1'))).status).toBe(200)
    expect((await as('deployer-token', 'POST', `${API}/hosts`, host('web1'))).status).toBe(403)
    expect((await as('deployer-token', 'GET', `${API}/nothings`)).status).toBe(404)
  })

  test("agents write their own Host and their own Tasks' status, judged by the stored Task", async () => {
    s = await serveTestApp({ auth: auth() })
    expect((await as('agent-web1-token', 'POST', `${API}/hosts`, host('web1'))).status).toBe(201)
    const other = await as('agent-web1-token', 'POST', `${API}/hosts`, host('web2'))
    expect(other.status).toBe(403)
    expect(other.body.message).toMatch(/^user "web1" \(agent\) may not create hosts\/web2 \(an agent writes only/)
    expect((await as('admin-token', 'POST', `${API}/tasks`, task('d', 'web1'))).status).toBe(201)
    expect((await as('admin-token', 'POST', `${API}/tasks`, task('d', 'web2'))).status).toBe(201)
    const status = { state: 'RUNNING', updatedAt: '2024-01-01T00:00:00Z' }
    expect(
      (await as('agent-web1-token', 'PUT', `${API}/tasks/d@web1/status`, { ...task('d', 'web1'), status })).status,
    ).toBe(200)
    // The body claims web1, the stored Task says web2.
    const forged = await as('agent-web1-token', 'PUT', `${API}/tasks/d@web2/status`, {
      ...task('d', 'web2'),
      spec: { ...task('d', 'web2').spec, host: 'web1' },
      status,
    })
    expect(forged).toMatchObject({ status: 403, body: { reason: 'Forbidden' } })
    expect((await as('agent-web1-token', 'DELETE', `${API}/tasks/d@web1`)).status).toBe(403)
  })

  test('without an Authenticator the API is open', async () => {
    s = await serveTestApp()
    expect((await as(undefined, 'POST', `${API}/jobs`, job('web:v1'))).status).toBe(201)
  })
})
