import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { deployment, job, serveTestApp, type TestServer } from './test-fixture.js'

const API = '/apis/helios/v1'
const FORBIDDEN = { kind: 'Status', code: 403, reason: 'Forbidden' }
const PROTECTED = 'job "secret:v1" is protected by a token; pass the right one with --token'

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
  await s.call('POST', `${API}/jobs`, job('secret:v1', { token: 's3cret' }))
  await s.call('POST', `${API}/jobs`, job('open:v1'))
})
afterEach(() => s.close())

/** Like s.call, with the token as a Helios-Token header. */
async function callWithToken(method: string, path: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { 'helios-token': token, 'content-type': 'application/json' }
  const res = await fetch(s.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

describe('Job token', () => {
  test('deploying a token Job takes its token, by header or by ?token=', async () => {
    const web = deployment('web', { job: 'secret:v1', hosts: ['h1'] })
    expect((await s.call('POST', `${API}/deployments`, web)).body).toMatchObject({ ...FORBIDDEN, message: PROTECTED })
    expect((await s.call('POST', `${API}/deployments?token=wrong`, web)).body).toMatchObject(FORBIDDEN)
    expect((await s.call('POST', `${API}/apply`, web)).body).toMatchObject(FORBIDDEN)
    expect((await s.call('POST', `${API}/apply?dryRun=true`, web)).body).toMatchObject(FORBIDDEN)
    expect(await s.store.list('Deployment')).toMatchObject({ items: [] })
    expect((await callWithToken('POST', `${API}/deployments`, 's3cret', web)).status).toBe(201)
    expect((await s.call('POST', `${API}/apply?token=s3cret`, web)).body.outcome).toBe('unchanged')
  })

  test('changing hosts or goal, moving to another Job, and undeploying take the token', async () => {
    const web = deployment('web', { job: 'secret:v1', hosts: ['h1'] })
    await s.call('POST', `${API}/deployments?token=s3cret`, web)
    const stop = deployment('web', { job: 'secret:v1', hosts: ['h1'], goal: 'STOP' })
    expect((await s.call('PUT', `${API}/deployments/web`, stop)).body).toMatchObject(FORBIDDEN)
    expect((await s.call('PUT', `${API}/deployments/web?token=s3cret`, stop)).status).toBe(200)
    // Leaving the token Job for one without a token: the old Job's token is needed, and the new Job has none.
    const moved = deployment('web', { job: 'open:v1', hosts: ['h1'] })
    expect((await s.call('PUT', `${API}/deployments/web`, moved)).body).toMatchObject({
      ...FORBIDDEN,
      message: PROTECTED,
    })
    expect((await s.call('DELETE', `${API}/deployments/web`)).body).toMatchObject(FORBIDDEN)
    expect((await callWithToken('DELETE', `${API}/deployments/web`, 's3cret')).status).toBe(200)
  })

  test('a manifest carrying the token in spec.rollout.token is applied and deleted declaratively', async () => {
    const gitops = deployment('gitops', { job: 'secret:v1', hosts: ['h1'], rollout: { token: 's3cret' } })
    expect((await s.call('POST', `${API}/apply`, gitops)).body.outcome).toBe('created')
    const stopped = deployment('gitops', {
      job: 'secret:v1',
      hosts: ['h1'],
      goal: 'STOP',
      rollout: { token: 's3cret' },
    })
    expect((await s.call('POST', `${API}/apply`, stopped)).body.outcome).toBe('configured')
    expect((await s.call('DELETE', `${API}/deployments/gitops`)).status).toBe(200)
    const wrong = deployment('gitops', { job: 'secret:v1', hosts: ['h1'], rollout: { token: 'guess' } })
    expect((await s.call('POST', `${API}/apply`, wrong)).body).toMatchObject({ ...FORBIDDEN, message: PROTECTED })
    expect(await s.store.list('Deployment')).toMatchObject({ items: [] })
  })

  test('labels and status are not deploys: no token needed', async () => {
    await s.call('POST', `${API}/deployments?token=s3cret`, deployment('web', { job: 'secret:v1', hosts: ['h1'] }))
    const labelled = {
      ...deployment('web', { job: 'secret:v1', hosts: ['h1'] }),
      metadata: { name: 'web', labels: { a: 'b' } },
    }
    expect((await s.call('PUT', `${API}/deployments/web`, labelled)).status).toBe(200)
    const status = { ...labelled, status: { observedGeneration: 1 } }
    expect((await s.call('PUT', `${API}/deployments/web/status`, status)).status).toBe(200)
  })

  test('removing a token Job takes its token; a Job without a token refuses one, as in Helios', async () => {
    expect((await s.call('DELETE', `${API}/jobs/secret:v1`)).body).toMatchObject({ ...FORBIDDEN, message: PROTECTED })
    expect((await s.call('DELETE', `${API}/jobs/secret:v1?token=s3cret`)).status).toBe(200)
    expect((await s.call('DELETE', `${API}/jobs/open:v1?token=x`)).body).toMatchObject({
      ...FORBIDDEN,
      message: 'job "open:v1" has no token; do not pass one (--token)',
    })
    expect((await s.call('POST', `${API}/deployments?token=x`, deployment('o', { job: 'open:v1' }))).status).toBe(403)
    expect((await s.call('DELETE', `${API}/jobs/open:v1`)).status).toBe(200)
  })

  test('header and query must agree; a repeated ?token= is a bad request', async () => {
    const reply = await callWithToken('DELETE', `${API}/jobs/secret:v1?token=other`, 's3cret')
    expect(reply.body).toMatchObject({ code: 400, reason: 'BadRequest' })
    expect((await s.call('DELETE', `${API}/jobs/secret:v1?token=a&token=b`)).body).toMatchObject({ code: 400 })
    expect((await s.call('GET', `${API}/jobs/secret:v1`)).status).toBe(200)
  })
})
