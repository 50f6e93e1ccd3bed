// Issue 13 items 1, 8 and 10 as an attacker tries them: spellings of a route, dry runs, an agent overreaching.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ALL_KINDS, type Event } from '../apis/index.js'
import { Authenticator } from './auth/authenticator.js'
import { host, job, requestAs, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'
const tokens = () =>
  new Authenticator([
    { token: 'admin-token', user: 'root', role: 'admin' },
    { token: 'viewer-token', user: 'bob', role: 'viewer' },
    { token: 'deployer-token', user: 'ci', role: 'deployer' },
    { token: 'agent-web1-token', user: 'web1', role: 'agent' },
    { token: 'agent-web2-token', user: 'web2', role: 'agent' },
  ])

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp({ auth: tokens() })
  expect((await as('admin-token', 'POST', `${API}/jobs`, job('web:v1'))).status).toBe(201)
  expect((await as('agent-web1-token', 'POST', `${API}/hosts`, host('web1'))).status).toBe(201)
  expect((await as('agent-web2-token', 'POST', `${API}/hosts`, host('web2'))).status).toBe(201)
  for (const h of ['web1', 'web2']) {
    expect((await as('admin-token', 'POST', `${API}/tasks`, task('d', h, 'web:v1'))).status).toBe(201)
  }
})
afterEach(() => s.close())

const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
  requestAs(s.url, token, method, path, body)

/** Every object of every kind, Events included: a refused request must change none of them. */
async function snapshot(): Promise<string> {
  const lists = await Promise.all(ALL_KINDS.map((k) => s.store.list(k)))
  return JSON.stringify(lists.map((l) => l.items))
}

const auditEvents = async () =>
  ((await s.store.list('Event')).items as Event[]).filter((e) => e.source.component === 'apiserver')

/** Case and encoding variants of a path's words (the route is `/apply`, `/<plural>/<name>/status`). */
function spellings(word: string): string[] {
  const upper = word.toUpperCase()
  const mixed = [...word].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')
  const encoded = [...word].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')
  return [upper, mixed, `${word[0]?.toUpperCase()}${word.slice(1)}`, encoded.toLowerCase(), `${word}%20`]
}

describe('authorization follows the route that matched (item 1)', () => {
  test('a viewer cannot write through any spelling of apply, a plural or status; nothing stored, nothing audited', async () => {
    const before = await snapshot()
    const writes: Array<[string, string, unknown]> = [
      ...spellings('apply').map((w): [string, string, unknown] => ['POST', `${API}/${w}`, job('evil:v1')]),
      ...spellings('jobs').map((w): [string, string, unknown] => ['POST', `${API}/${w}`, job('evil:v1')]),
      ...spellings('status').map((w): [string, string, unknown] => [
        'PUT',
        `${API}/hosts/web1/${w}`,
        {
          ...host('web1'),
          status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z', agentAddress: '127.0.0.1:1' },
        },
      ]),
      ['POST', `${API}//apply`, job('evil:v1')],
      ['POST', `${API}/apply/`, job('evil:v1')],
      ['POST', `${API}/./apply`, job('evil:v1')],
      ['POST', `${API}/x/../apply`, job('evil:v1')],
      ['DELETE', `${API}/JOBS/web:v1`, undefined],
      ['DELETE', `${API}/jobs/web:v1/`, undefined],
      ['PUT', `${API}/jobs/web:v1/status/`, job('web:v1')],
    ]
    for (const [method, path, body] of writes) {
      const reply = await as('viewer-token', method, path, body)
      expect([403, 404], `${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`).toContain(reply.status)
    }
    expect(await snapshot()).toBe(before)
  })

  test('the exact spellings are refused with 403 naming the verb, and an admin write is audited', async () => {
    expect(await as('viewer-token', 'POST', `${API}/apply`, job('evil:v1'))).toMatchObject({
      status: 403,
      body: { message: 'user "bob" (viewer) may not apply jobs' },
    })
    expect((await as('admin-token', 'POST', `${API}/apply`, job('fine:v1'))).status).toBe(200)
    expect((await auditEvents()).map((e) => e.message)).toContain('user "root" (admin) applied job fine:v1 (created)')
  })

  test('an agent may not write another host’s Task status by any spelling', async () => {
    const status = { ...task('d', 'web2', 'web:v1'), status: { state: 'FAILED', updatedAt: '2026-01-01T00:00:00Z' } }
    for (const w of ['status', ...spellings('status')]) {
      const reply = await as('agent-web1-token', 'PUT', `${API}/tasks/d@web2/${w}`, status)
      expect([403, 404], w).toContain(reply.status)
    }
    expect((await s.store.get('Task', 'd@web2')).status).toBeUndefined()
  })
})

describe('?dryRun on every write verb (item 8)', () => {
  test('create, replace, status, delete and apply with dryRun store nothing and audit nothing', async () => {
    const before = await snapshot()
    for (const flag of ['true', '1', 'All']) {
      const q = `?dryRun=${flag}`
      expect((await as('admin-token', 'POST', `${API}/jobs${q}`, job('dry:v1'))).status).toBe(201)
      expect((await as('admin-token', 'PUT', `${API}/hosts/web1${q}`, host('web1', { a: 'b' }))).status).toBe(200)
      const down = { ...host('web1'), status: { state: 'DOWN', lastHeartbeat: '2026-01-01T00:00:00Z' } }
      expect((await as('admin-token', 'PUT', `${API}/hosts/web1/status${q}`, down)).status).toBe(200)
      const deleted = await as('admin-token', 'DELETE', `${API}/jobs/web:v1${q}`)
      expect(deleted).toMatchObject({ status: 200, body: { metadata: { name: 'web:v1' } } })
      expect((await as('admin-token', 'POST', `${API}/apply${q}`, job('dry:v2'))).status).toBe(200)
    }
    expect(await snapshot()).toBe(before)
  })

  test('a dry-run delete still runs every rule: a stale resourceVersion is 409, a missing object 404', async () => {
    expect((await as('admin-token', 'DELETE', `${API}/jobs/web:v1?dryRun=true&resourceVersion=999999`)).status).toBe(
      409,
    )
    expect((await as('admin-token', 'DELETE', `${API}/jobs/none:v1?dryRun=true`)).status).toBe(404)
  })

  test('a dryRun the server cannot read, or a look-alike of it, is refused: never a real delete', async () => {
    const before = await snapshot()
    for (const q of [
      '?dryRun=TRUE',
      '?dryRun=yes',
      '?dryRun=all',
      '?dryRun=true&dryRun=1',
      '?dryRun',
      '?dryRun=',
      '?dryrun=true',
      '?DryRun=true',
      '?DRYRUN=1',
      '?dryRun[]=true',
      '?dryRun[a]=1',
      '?dry_run=true',
      '?dry-run=true',
    ]) {
      const reply = await as('admin-token', 'DELETE', `${API}/jobs/web:v1${q}`)
      expect(reply.status, `${q} → ${JSON.stringify(reply.body)}`).toBe(400)
    }
    // A percent-encoded key is the same key: a dry run.
    expect((await as('admin-token', 'DELETE', `${API}/jobs/web:v1?dry%52un=true`)).status).toBe(200)
    expect(await snapshot()).toBe(before)
    expect((await as('admin-token', 'DELETE', `${API}/jobs/web:v1`)).status).toBe(200)
    expect((await auditEvents()).map((e) => e.message)).toContain('user "root" (admin) deleted job web:v1')
  })
})

describe('the agent role (item 10)', () => {
  test('an agent Event is recorded with the agent as its source, whatever the body claims', async () => {
    const forged = {
      apiVersion: 'helios/v1',
      kind: 'Event',
      metadata: { name: 'forged.1' },
      involvedObject: { kind: 'Task', name: 'd@web1' },
      reason: 'Deleted',
      message: 'user "alice" (admin) deleted job web:v1',
      source: { component: 'controller', host: 'web9', user: 'alice' },
      timestamp: '2026-01-01T00:00:00Z',
    }
    expect((await as('agent-web1-token', 'POST', `${API}/events`, forged)).status).toBe(201)
    expect(((await s.store.get('Event', 'forged.1')) as Event).source).toEqual({
      component: 'agent',
      host: 'web1',
      user: 'web1',
    })
    const audit = { ...forged, metadata: { name: 'forged.2' }, source: { component: 'apiserver' } }
    for (const token of ['agent-web1-token', 'admin-token']) {
      expect(await as(token, 'POST', `${API}/events`, audit)).toMatchObject({
        status: 422,
        body: { causes: [{ field: 'source.component' }] },
      })
    }
    const aboutOther = { ...forged, metadata: { name: 'forged.3' }, involvedObject: { kind: 'Task', name: 'd@web2' } }
    expect((await as('agent-web1-token', 'POST', `${API}/events`, aboutOther)).status).toBe(403)
    const aboutJob = { ...forged, metadata: { name: 'forged.4' }, involvedObject: { kind: 'Job', name: 'web:v1' } }
    expect((await as('agent-web1-token', 'POST', `${API}/events`, aboutJob)).status).toBe(403)
  })

  test('an agent can neither uncordon, undrain nor relabel its Host; its status write keeps the users’ spec', async () => {
    const cordoned = { ...host('web1', { role: 'web' }), spec: { unschedulable: true, drain: true } }
    expect((await as('admin-token', 'PUT', `${API}/hosts/web1`, cordoned)).status).toBe(200)
    const undo = { ...host('web1', { role: 'db' }), spec: { unschedulable: false, drain: false } }
    for (const [method, path] of [
      ['PUT', `${API}/hosts/web1`],
      ['POST', `${API}/apply`],
      ['DELETE', `${API}/hosts/web1`],
    ] as const) {
      expect((await as('agent-web1-token', method, path, undo)).status, `${method} ${path}`).toBe(403)
    }
    const status = { ...undo, status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z', labels: { gpu: 'yes' } } }
    expect((await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status`, status)).status).toBe(200)
    expect(await s.store.get('Host', 'web1')).toMatchObject({
      metadata: { labels: { role: 'web' } },
      spec: { unschedulable: true, drain: true },
      status: { labels: { gpu: 'yes' } },
    })
  })

  test("only the host's agent sets where it is dialled and reached: others keep agentAddress and address", async () => {
    const at = (agentAddress?: string, address?: string) => ({
      ...host('web1'),
      status: {
        state: 'UP',
        lastHeartbeat: '2026-01-01T00:00:00Z',
        ...(agentAddress ? { agentAddress } : {}),
        ...(address ? { address } : {}),
      },
    })
    const own = at('127.0.0.1:7001', '10.0.0.1')
    expect((await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status`, own)).status).toBe(200)
    for (const token of ['admin-token', 'agent-web2-token', 'deployer-token', 'viewer-token']) {
      await as(token, 'PUT', `${API}/hosts/web1/status`, at('127.0.0.1:6666', '10.6.6.6'))
      await as(token, 'PUT', `${API}/hosts/web1/status`, at())
    }
    expect((await s.store.get('Host', 'web1')).status).toMatchObject({
      agentAddress: '127.0.0.1:7001',
      address: '10.0.0.1',
    })
    // Created by someone else, a Host carries no agent address until its agent writes one.
    const planted = {
      ...host('web9'),
      status: {
        state: 'UP',
        lastHeartbeat: '2026-01-01T00:00:00Z',
        agentAddress: '127.0.0.1:6666',
        address: '10.6.6.6',
      },
    }
    expect((await as('admin-token', 'POST', `${API}/hosts`, planted)).status).toBe(201)
    expect((await s.store.get('Host', 'web9')).status).not.toHaveProperty('agentAddress')
    expect((await s.store.get('Host', 'web9')).status).not.toHaveProperty('address')
  })

  test('varying task.job cannot grow one object’s Event history past its cap', async () => {
    for (let i = 0; i < 200; i++) {
      const event = {
        apiVersion: 'helios/v1',
        kind: 'Event',
        metadata: { name: `flood.${i}` },
        involvedObject: { kind: 'Task', name: 'd@web1' },
        reason: 'TaskState',
        source: { component: 'agent', host: 'web1' },
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        task: { host: 'web1', job: `j${i}:v1`, jobId: `j${i}:v1:abc`, state: 'RUNNING' },
      }
      expect((await as('agent-web1-token', 'POST', `${API}/events`, event)).status).toBe(201)
    }
    const kept = ((await s.store.list('Event')).items as Event[]).filter((e) => e.involvedObject.name === 'd@web1')
    expect(kept.length).toBe(90)
    expect(kept.map((e) => e.metadata.name)).toContain('flood.199')
  })
})

describe('claims (item 9, found in review)', () => {
  const sidecarJob = (name: string) =>
    job(name, {
      containers: [{ name: 'proxy', image: 'nginx:1.7.1', ports: { web: { internalPort: 81, externalPort: 8080 } } }],
    })
  const onWeb1 = (name: string, jobName: string) => ({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { job: jobName, hosts: ['web1'] },
  })

  test('a static port published by a composite container clashes like one of the main container', async () => {
    expect((await as('admin-token', 'POST', `${API}/jobs`, sidecarJob('a:v1'))).status).toBe(201)
    expect(
      (
        await as(
          'admin-token',
          'POST',
          `${API}/jobs`,
          job('b:v1', { ports: { http: { internalPort: 80, externalPort: 8080 } } }),
        )
      ).status,
    ).toBe(201)
    expect((await as('admin-token', 'POST', `${API}/deployments`, onWeb1('a', 'a:v1'))).status).toBe(201)
    const clash = await as('admin-token', 'POST', `${API}/deployments`, onWeb1('b', 'b:v1'))
    expect(clash).toMatchObject({ status: 409, body: { message: expect.stringContaining('8080/tcp') } })
  })

  test('a Deployment may not claim more host ports than one ZooKeeper transaction takes', async () => {
    const ports = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`p${i}`, { internalPort: 80 + i, externalPort: 9000 + i }]),
    )
    expect((await as('admin-token', 'POST', `${API}/jobs`, job('many:v1', { ports }))).status).toBe(201)
    const hosts = Array.from({ length: 101 }, (_, i) => `h${i}`)
    const deployment = {
      apiVersion: 'helios/v1',
      kind: 'Deployment',
      metadata: { name: 'wide' },
      spec: { job: 'many:v1', hosts },
    }
    for (const q of ['', '?dryRun=true']) {
      const reply = await as('admin-token', 'POST', `${API}/deployments${q}`, deployment)
      expect(reply, q).toMatchObject({ status: 422, body: { causes: [{ field: 'spec.hosts' }] } })
    }
    const fits = { ...deployment, spec: { job: 'many:v1', hosts: hosts.slice(0, 100) } }
    expect((await as('admin-token', 'POST', `${API}/deployments`, fits)).status).toBe(201)
  })
})

describe('Events an agent may write (found in review)', () => {
  const about = (name: string, i: number, kind = 'Task') => ({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `made.${i}` },
    involvedObject: { kind, name },
    reason: 'TaskState',
    source: { component: 'agent', host: 'web1' },
    timestamp: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
  })

  test('no new history for a made-up Task name; a deleted Task with a history takes its last Events', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await as('agent-web1-token', 'POST', `${API}/events`, about(`n${i}@web1`, i))).status).toBe(403)
    }
    expect((await s.store.list('Event')).items.filter((e) => e.metadata.name.startsWith('made.'))).toEqual([])
    expect((await as('agent-web1-token', 'POST', `${API}/events`, about('d@web1', 100))).status).toBe(201)
    expect((await as('admin-token', 'DELETE', `${API}/tasks/d@web1`)).status).toBe(200)
    expect((await as('agent-web1-token', 'POST', `${API}/events`, about('d@web1', 101))).status).toBe(201)
  })

  test('the names and task fields of an Event are capped', async () => {
    for (const body of [
      about(`${'x'.repeat(900_000)}@web1`, 1),
      { ...about('d@web1', 2), task: { host: 'web1', job: 'j'.repeat(900_000), jobId: 'x', state: 'RUNNING' } },
      {
        ...about('d@web1', 3),
        task: { host: 'web1', job: 'a:v1', jobId: 'a:v1:x', state: 'FAILED', containerError: 'e'.repeat(900_000) },
      },
    ]) {
      expect((await as('admin-token', 'POST', `${API}/events`, body)).status).toBe(422)
    }
  })

  test("another writer's Events never trim an audit record away", async () => {
    expect(
      (await as('admin-token', 'PUT', `${API}/hosts/web1`, { ...host('web1'), spec: { unschedulable: true } })).status,
    ).toBe(200)
    for (let i = 0; i < 40; i++) {
      expect((await as('agent-web1-token', 'POST', `${API}/events`, about('web1', i, 'Host'))).status).toBe(201)
    }
    expect((await auditEvents()).map((e) => e.message)).toContain('user "root" (admin) updated host web1')
  })
})

describe('agent labels (found in review)', () => {
  const withLabels = (labels: Record<string, string>) => ({
    ...host('web1'),
    status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z', labels },
  })

  test('an agent never reports a restricted label; a label change it reports is audited', async () => {
    for (const key of ['host-restriction.helios/pci', 'host-restriction.helios/x.y']) {
      const reply = await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status`, withLabels({ [key]: 'yes' }))
      expect(reply, key).toMatchObject({ status: 422, body: { causes: [{ field: 'status.labels' }] } })
    }
    expect((await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status`, withLabels({ gpu: 'yes' }))).status).toBe(
      200,
    )
    expect((await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status`, withLabels({ gpu: 'yes' }))).status).toBe(
      200,
    )
    const audits = (await auditEvents()).map((e) => e.message)
    expect(audits.filter((m) => m === 'user "web1" (agent) updated the status of host web1')).toHaveLength(1)
    // An operator's restricted label selects the host; the agent cannot take it off or forge it elsewhere.
    const labelled = { ...host('web1', { 'host-restriction.helios/pci': 'yes' }) }
    expect((await as('admin-token', 'PUT', `${API}/hosts/web1`, labelled)).status).toBe(200)
    const list = await as('viewer-token', 'GET', `${API}/hosts?labelSelector=host-restriction.helios/pci%3Dyes`)
    expect(list.body.items.map((h: { metadata: { name: string } }) => h.metadata.name)).toEqual(['web1'])
  })
})
