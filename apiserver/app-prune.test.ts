import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { Authenticator } from './auth/authenticator.js'
import { deployment, host, job, serveTestApp, type TestServer } from './test-fixture.js'

const API = '/apis/helios/v1'
const SET = 'helios/apply-set'

let s: TestServer
let opts: Parameters<typeof serveTestApp>[0] = {}
beforeEach(async () => {
  s = await serveTestApp(opts)
})
afterEach(() => s.close())

const names = async (kind: 'Job' | 'Deployment' | 'Host') =>
  (await s.store.list(kind)).items.map((o) => o.metadata.name).sort()

async function applyDemo(): Promise<void> {
  for (const obj of [
    job('a:v1'),
    job('b:v1'),
    host('h1'),
    deployment('a', { job: 'a:v1', hosts: ['h1'] }),
    deployment('b', { job: 'b:v1', hosts: ['h1'] }),
  ]) {
    expect((await s.call('POST', `${API}/apply?set=demo`, obj)).status).toBe(200)
  }
}

describe('apply sets', () => {
  test('apply with ?set= stamps the label; a bad set id is 400 naming it', async () => {
    await applyDemo()
    expect((await s.store.get('Job', 'a:v1')).metadata.labels).toEqual({ [SET]: 'demo' })
    const bad = await s.call('POST', `${API}/apply?set=no%20way`, job('c:v1'))
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('apply set id "no way" is invalid')
    expect((await s.call('POST', `${API}/apply?set=`, job('c:v1'))).status).toBe(400)
    expect((await s.call('POST', `${API}/applysets/-x/prune`, { keep: [] })).status).toBe(400)
    expect((await s.call('POST', `${API}/applysets/demo/prune`, { keep: 'all' })).status).toBe(400)
  })

  test('prune deletes what left the set, Deployments before Jobs; dryRun only answers', async () => {
    await applyDemo()
    await s.call('POST', `${API}/apply`, job('other:v1')) // not in the set
    const keep = [
      { kind: 'Job', name: 'a:v1' },
      { kind: 'Deployment', name: 'a' },
    ]
    const expected = {
      deleted: [
        { kind: 'Deployment', name: 'b' },
        { kind: 'Job', name: 'b:v1' },
        { kind: 'Host', name: 'h1' },
      ],
      skipped: [],
    }
    const dry = await s.call('POST', `${API}/applysets/demo/prune?dryRun=true`, { keep })
    expect(dry).toEqual({ status: 200, body: expected })
    expect(await names('Deployment')).toEqual(['a', 'b'])
    expect((await s.call('POST', `${API}/applysets/demo/prune`, { keep })).body).toEqual(expected)
    expect(await names('Deployment')).toEqual(['a'])
    expect(await names('Job')).toEqual(['a:v1', 'other:v1'])
    expect(await names('Host')).toEqual([])
    expect((await s.call('POST', `${API}/applysets/demo/prune`, { keep })).body).toEqual({ deleted: [], skipped: [] })
  })

  test('a Job still used by a Deployment outside the set is skipped with the 409 reason', async () => {
    await applyDemo()
    await s.call('POST', `${API}/apply`, deployment('outsider', { job: 'b:v1', hosts: ['h2'] }))
    const keep = [
      { kind: 'Job', name: 'a:v1' },
      { kind: 'Deployment', name: 'a' },
      { kind: 'Host', name: 'h1' },
    ]
    const res = await s.call('POST', `${API}/applysets/demo/prune`, { keep })
    expect(res.body).toEqual({
      deleted: [{ kind: 'Deployment', name: 'b' }],
      skipped: [{ kind: 'Job', name: 'b:v1', reason: 'job "b:v1" is still used by deployments: outsider' }],
    })
    expect(await names('Job')).toEqual(['a:v1', 'b:v1'])
  })

  test('Job tokens: a refusal deletes nothing; the Deployment rollout.token or the request token serves', async () => {
    await s.call('POST', `${API}/apply?set=t`, job('sec:v1', { token: 's3' }))
    await s.call('POST', `${API}/apply?set=t`, job('plain:v1'))
    const dep = deployment('sec', { job: 'sec:v1', hosts: ['h1'], rollout: { token: 's3' } })
    expect((await s.call('POST', `${API}/apply?set=t`, dep)).status).toBe(200)
    // A lone token Job without its Deployment: 403, nothing deleted.
    await s.call('POST', `${API}/apply?set=u`, job('lone:v1', { token: 's3' }))
    await s.call('POST', `${API}/apply?set=u`, job('free:v1'))
    const refused = await s.call('POST', `${API}/applysets/u/prune`, { keep: [] })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toContain('job "lone:v1" is protected by a token')
    expect(await names('Job')).toContain('free:v1')
    expect(
      (await s.call('POST', `${API}/applysets/u/prune?token=s3`, { keep: [{ kind: 'Job', name: 'free:v1' }] })).body,
    ).toEqual({
      deleted: [{ kind: 'Job', name: 'lone:v1' }],
      skipped: [],
    })
    // The Deployment's own rollout.token covers it and its Job; plain:v1 has no token.
    const res = await s.call('POST', `${API}/applysets/t/prune`, { keep: [] })
    expect(res.body).toEqual({
      deleted: [
        { kind: 'Deployment', name: 'sec' },
        { kind: 'Job', name: 'plain:v1' },
        { kind: 'Job', name: 'sec:v1' },
      ],
      skipped: [],
    })
  })
})

describe('apply sets with bearer-token auth', () => {
  const tokens = new Authenticator([
    { token: 'admin-token', user: 'root', role: 'admin' },
    { token: 'viewer-token', user: 'bob', role: 'viewer' },
    { token: 'deployer-token', user: 'ci', role: 'deployer' },
  ])
  beforeEach(async () => {
    await s.close()
    opts = { auth: tokens }
    s = await serveTestApp(opts)
    opts = {}
  })
  const as = async (token: string, path: string, body: unknown) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    const res = await fetch(s.url + path, { method: 'POST', headers, body: JSON.stringify(body) })
    return { status: res.status, body: await res.json() }
  }

  test('prune is judged per object as a delete: nothing is deleted unless every delete is allowed', async () => {
    expect((await as('admin-token', `${API}/apply?set=demo`, job('a:v1'))).status).toBe(200)
    expect((await as('admin-token', `${API}/apply?set=demo`, host('h1'))).status).toBe(200)
    expect((await s.call('POST', `${API}/applysets/demo/prune`, { keep: [] })).status).toBe(401)
    expect(await as('viewer-token', `${API}/applysets/demo/prune`, { keep: [] })).toMatchObject({
      status: 403,
      body: { message: 'user "bob" (viewer) may not delete deployments' },
    })
    expect(await as('deployer-token', `${API}/applysets/demo/prune`, { keep: [] })).toMatchObject({
      status: 403,
      body: { message: 'user "ci" (deployer) may not delete hosts' },
    })
    expect(await names('Job')).toEqual(['a:v1'])
    const keepHost = { keep: [{ kind: 'Host', name: 'h1' }] }
    expect(await as('deployer-token', `${API}/applysets/demo/prune`, keepHost)).toEqual({
      status: 200,
      body: { deleted: [{ kind: 'Job', name: 'a:v1' }], skipped: [] },
    })
  })
})
