import { afterEach, describe, expect, test, vi } from 'vitest'
import { type AnyObject, ApiError } from '../apis/index.js'
import { auditMessage } from './audit.js'
import { Authenticator } from './auth/authenticator.js'
import { MemoryStore } from './storage/memory-store.js'
import type { Store, WriteOptions } from './storage/store.js'
import { deployment, host, job, requestAs, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'

let s: TestServer | undefined
afterEach(() => s?.close())

const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
  requestAs(s?.url ?? '', token, method, path, body)

interface Seen {
  kind: string
  name: string
  reason: string
  message: string
  component: string
}
async function events(store: Store): Promise<Seen[]> {
  const { items } = await store.list('Event')
  return (
    items as unknown as {
      involvedObject: { kind: string; name: string }
      reason: string
      message: string
      source: { component: string }
      timestamp: string
    }[]
  )
    .slice()
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    .map((e) => ({
      kind: e.involvedObject.kind,
      name: e.involvedObject.name,
      reason: e.reason,
      message: e.message,
      component: e.source.component,
    }))
}

const status = (state: 'UP' | 'DOWN', at: string) => ({ state, lastHeartbeat: at })

describe('every mutation recorded as an Event with the user', () => {
  test('auth off: create, replace, apply, status, delete of Jobs, Deployments and Hosts, as "anonymous"', async () => {
    const store = new MemoryStore()
    // A clock that moves, so the Events sort in request order.
    let t = Date.parse('2026-01-01T00:00:00Z')
    const now = () => {
      t += 1000
      return new Date(t)
    }
    s = await serveTestApp({ store, now })
    expect((await s.call('POST', `${API}/jobs`, job('web:v1'))).status).toBe(201)
    expect((await s.call('POST', `${API}/apply`, job('web:v1'))).body.outcome).toBe('unchanged')
    expect((await s.call('POST', `${API}/apply?dryRun=true`, job('api:v1'))).status).toBe(200)
    expect((await s.call('POST', `${API}/hosts`, host('h1'))).status).toBe(201)
    expect((await s.call('PUT', `${API}/hosts/h1`, host('h1', { zone: 'a' }))).status).toBe(200)
    expect((await s.call('POST', `${API}/apply`, host('h1', { zone: 'b' }))).body.outcome).toBe('configured')
    const up = { ...host('h1'), status: status('UP', '2026-01-01T00:00:00Z') }
    expect((await s.call('PUT', `${API}/hosts/h1/status`, up)).status).toBe(200)
    // A heartbeat keeps the state: not recorded.
    const beat = { ...up, status: status('UP', '2026-01-01T00:00:10Z') }
    expect((await s.call('PUT', `${API}/hosts/h1/status`, beat)).status).toBe(200)
    // Tasks and Events are never recorded, nor a Deployment's status (the controller's bookkeeping).
    expect((await s.call('POST', `${API}/tasks`, task('web', 'h1', 'web:v1'))).status).toBe(201)
    const web = (await s.call('POST', `${API}/deployments`, deployment('web', { job: 'web:v1' }))).body
    expect((await s.call('PUT', `${API}/deployments/web/status`, { ...web, status: { hosts: ['h1'] } })).status).toBe(
      200,
    )
    expect((await s.call('DELETE', `${API}/hosts/h1`)).status).toBe(200)
    // Failed writes are not recorded.
    expect((await s.call('DELETE', `${API}/hosts/h1`)).status).toBe(404)
    const anon = 'user "anonymous"'
    await vi.waitFor(async () =>
      expect(await events(store)).toEqual([
        {
          kind: 'Job',
          name: 'web:v1',
          reason: 'Created',
          message: `${anon} created job web:v1`,
          component: 'apiserver',
        },
        { kind: 'Host', name: 'h1', reason: 'Created', message: `${anon} created host h1`, component: 'apiserver' },
        { kind: 'Host', name: 'h1', reason: 'Updated', message: `${anon} updated host h1`, component: 'apiserver' },
        {
          kind: 'Host',
          name: 'h1',
          reason: 'Applied',
          message: `${anon} applied host h1 (configured)`,
          component: 'apiserver',
        },
        {
          kind: 'Host',
          name: 'h1',
          reason: 'Updated',
          message: `${anon} updated the status of host h1`,
          component: 'apiserver',
        },
        {
          kind: 'Deployment',
          name: 'web',
          reason: 'Created',
          message: `${anon} created deployment web`,
          component: 'apiserver',
        },
        { kind: 'Host', name: 'h1', reason: 'Deleted', message: `${anon} deleted host h1`, component: 'apiserver' },
      ]),
    )
  })

  test('auth on: the Event names user and role; agents writing Task status are not recorded', async () => {
    const store = new MemoryStore()
    const auth = new Authenticator([
      { token: 'deployer-token', user: 'alice', role: 'deployer' },
      { token: 'admin-token', user: 'root', role: 'admin' },
      { token: 'agent-web1-token', user: 'web1', role: 'agent' },
    ])
    s = await serveTestApp({ store, auth })
    expect((await as('deployer-token', 'POST', `${API}/jobs`, job('nginx:v1'))).status).toBe(201)
    expect((await as('agent-web1-token', 'POST', `${API}/hosts`, host('web1'))).status).toBe(201)
    expect((await as('admin-token', 'POST', `${API}/tasks`, task('nginx', 'web1'))).status).toBe(201)
    const running = { ...task('nginx', 'web1'), status: { state: 'RUNNING', updatedAt: '2024-01-01T00:00:00Z' } }
    expect((await as('agent-web1-token', 'PUT', `${API}/tasks/nginx@web1/status`, running)).status).toBe(200)
    const labelled = { ...job('nginx:v1'), metadata: { name: 'nginx:v1', labels: { team: 'web' } } }
    expect((await as('deployer-token', 'PUT', `${API}/jobs/nginx:v1`, labelled)).status).toBe(200)
    await vi.waitFor(async () =>
      expect((await events(store)).map((e) => e.message).sort()).toEqual([
        'user "alice" (deployer) created job nginx:v1',
        'user "alice" (deployer) updated job nginx:v1',
        'user "web1" (agent) created host web1',
      ]),
    )
  })

  test('the Event rides in the write itself: a transaction that fails stores neither the object nor its record', async () => {
    const store = new MemoryStore()
    const writes: string[] = []
    // The store fails any transaction that carries Events (as ZooKeeper fails a multi whole).
    const failing =
      <T extends AnyObject>(real: (obj: T, opts?: WriteOptions) => Promise<AnyObject>) =>
      (obj: T, opts?: WriteOptions) => {
        writes.push(`${obj.kind} with ${opts?.events?.length ?? 0} events`)
        return opts?.events?.length ? Promise.reject(new ApiError('Unavailable', 'disk full')) : real(obj, opts)
      }
    store.create = failing(store.create.bind(store))
    store.update = failing(store.update.bind(store))
    s = await serveTestApp({ store })
    expect((await s.call('POST', `${API}/jobs`, job('web:v1'))).status).toBe(503)
    expect((await s.call('POST', `${API}/apply`, host('h1'))).status).toBe(503)
    expect(writes).toEqual(['Job with 1 events', 'Host with 1 events'])
    expect((await store.list('Job')).items).toEqual([])
    expect((await store.list('Host')).items).toEqual([])
    expect(await events(store)).toEqual([])
  })

  test('message', () => {
    const user = { name: 'alice', role: 'deployer' as const }
    expect(auditMessage({ user, verb: 'create', kind: 'Deployment', name: 'nginx' })).toBe(
      'user "alice" (deployer) created deployment nginx',
    )
  })
})
