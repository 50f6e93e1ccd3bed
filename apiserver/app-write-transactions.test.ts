import { afterEach, describe, expect, test } from 'vitest'
import { type AnyObject, EVENTS_KEPT_PER_OBJECT, type Event, type Kind, MAX_PASSED_THROUGH } from '../apis/index.js'
import { Authenticator } from './auth/authenticator.js'
import { MemoryStore } from './storage/memory-store.js'
import type { WriteOptions } from './storage/store.js'
import { host, job, requestAs, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'

/** A MemoryStore that logs every store call (with the Events it carries) and may serve a stale watch cache. */
class SpyStore extends MemoryStore {
  calls: string[] = []
  /** What peek answers instead of the cache: a copy taken earlier (a cache lagging behind the store). */
  stale = new Map<string, AnyObject | undefined>()

  override async get(kind: Kind, name: string): Promise<AnyObject> {
    this.calls.push(`get ${kind} ${name}`)
    return super.get(kind, name)
  }
  override peek(kind: Kind, name: string): AnyObject | undefined {
    const key = `${kind} ${name}`
    return this.stale.has(key) ? this.stale.get(key) : super.peek(kind, name)
  }
  override async create(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject> {
    this.calls.push(`create ${obj.kind} ${obj.metadata.name}${this.carried(opts)}`)
    return super.create(obj, opts)
  }
  override async update(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject> {
    this.calls.push(`update ${obj.kind} ${obj.metadata.name}${this.carried(opts)}`)
    return super.update(obj, opts)
  }
  override async delete(kind: Kind, name: string, opts?: WriteOptions): Promise<AnyObject> {
    this.calls.push(`delete ${kind} ${name}${this.carried(opts)}`)
    return super.delete(kind, name, opts)
  }
  /** The store calls about `kind name` (admission reads other objects too). */
  about(kind: Kind, name: string): string[] {
    return this.calls.filter((c) => c.split(' ')[1] === kind && c.split(' ')[2] === name)
  }
  private carried(opts?: WriteOptions): string {
    const events = (opts?.events ?? []).map((e) => (e as unknown as Event).reason)
    return events.length > 0 ? ` + ${events.join(', ')}` : ''
  }
}

let s: TestServer | undefined
afterEach(() => s?.close())

const writesOf = (calls: string[]) => calls.filter((c) => !c.startsWith('get '))

describe('apply from the watch cache, under compare-and-set', () => {
  test('a new object is created without a read; an unchanged one answers with no write; a change is one write with its record', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store })
    expect((await s.call('POST', `${API}/apply`, host('h1'))).body.outcome).toBe('created')
    expect(store.about('Host', 'h1')).toEqual(['create Host h1 + Applied'])
    store.calls = []
    for (let i = 0; i < 3; i++)
      expect((await s.call('POST', `${API}/apply`, host('h1'))).body.outcome).toBe('unchanged')
    expect(writesOf(store.calls)).toEqual([])
    store.calls = []
    expect((await s.call('POST', `${API}/apply`, host('h1', { zone: 'a' }))).body.outcome).toBe('configured')
    expect(store.calls).toEqual(['update Host h1 + Applied'])
  })

  test('a refusal reached from the cache is confirmed by one read of the store, then answered, never retried again', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store })
    await s.call('POST', `${API}/apply`, job('web:v1'))
    store.calls = []
    const reply = await s.call('POST', `${API}/apply`, job('web:v1', { image: 'nginx:2' }))
    expect(reply.status).toBe(422)
    expect(store.about('Job', 'web:v1')).toEqual(['get Job web:v1'])
  })

  test('a cache behind the store is never written over: the stale write is refused and the apply merges into what is stored', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store })
    await s.call('POST', `${API}/apply`, host('h1'))
    // The cache still shows h1 as first stored while an agent's status lands in the store.
    store.stale.set('Host h1', store.peek('Host', 'h1'))
    const stored = await store.get('Host', 'h1')
    const status = { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z' }
    await store.update({ ...stored, status } as AnyObject)
    store.calls = []
    const reply = await s.call('POST', `${API}/apply`, host('h1', { zone: 'a' }))
    expect(reply.body.outcome).toBe('configured')
    const now = (await store.get('Host', 'h1')) as AnyObject & { status?: unknown }
    expect(now.metadata.labels).toEqual({ zone: 'a' })
    expect(now.status).toEqual(status)
    // The first try carried its record and failed whole; only the second's landed.
    expect(writesOf(store.calls)).toEqual(['update Host h1 + Applied', 'update Host h1 + Applied'])
    const applied = (await store.list('Event')).items.filter((e) => (e as unknown as Event).reason === 'Applied')
    expect(applied).toHaveLength(2) // the create's and this one's: none from the refused try
  })

  test("a cache behind the store saying 'unchanged' is checked against the store before it is answered", async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store })
    await s.call('POST', `${API}/apply`, host('h1'))
    store.stale.set('Host h1', store.peek('Host', 'h1'))
    // Someone relabelled h1; the stale cache still matches the manifest applied again.
    await s.call('PUT', `${API}/hosts/h1`, host('h1', { zone: 'b' }))
    const reply = await s.call('POST', `${API}/apply`, host('h1'))
    expect(reply.body.outcome).toBe('configured')
    expect((await store.get('Host', 'h1')).metadata.labels).toEqual({})
  })

  test('a cache behind the store saying absent: the create clashes, and the apply updates instead', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store })
    await s.call('POST', `${API}/apply`, job('web:v1'))
    store.stale.set('Job web:v1', undefined)
    expect((await s.call('POST', `${API}/apply`, job('web:v1'))).body.outcome).toBe('unchanged')
    store.stale.set('Host h1', undefined)
    await s.call('POST', `${API}/hosts`, host('h1'))
    const reply = await s.call('POST', `${API}/apply`, host('h1', { zone: 'c' }))
    expect(reply.body.outcome).toBe('configured')
    expect((await store.get('Host', 'h1')).metadata.labels).toEqual({ zone: 'c' })
    // Only one record per write that landed: Created, Applied (configured); none for the clash.
    const reasons = (await store.list('Event')).items
      .filter((e) => (e as unknown as Event).involvedObject.name === 'h1')
      .map((e) => (e as unknown as Event).reason)
    expect(reasons.sort()).toEqual(['Applied', 'Created'])
  })
})

describe('a Task status write with ?event=true', () => {
  const auth = new Authenticator([
    { token: 'admin-token', user: 'root', role: 'admin' },
    { token: 'agent-web1-token', user: 'web1', role: 'agent' },
  ])
  const as = (token: string, method: string, path: string, body?: unknown) =>
    requestAs(s?.url ?? '', token, method, path, body)
  const running = (updatedAt = '2026-01-01T00:00:05Z') => ({
    ...task('web', 'web1'),
    status: { state: 'RUNNING', containerId: '1a2b3c4d5e6f', throttled: 'NO', updatedAt },
  })

  test('stores the status and its TaskState Event in one transaction, from the writing agent', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store, auth })
    expect((await as('admin-token', 'POST', `${API}/tasks`, task('web', 'web1'))).status).toBe(201)
    store.calls = []
    const reply = await as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status?event=true`, running())
    expect(reply.status).toBe(200)
    expect(writesOf(store.calls)).toEqual(['update Task web@web1 + TaskState'])
    const [event] = (await store.list('Event')).items as unknown as Event[]
    expect(event).toMatchObject({
      involvedObject: { kind: 'Task', name: 'web@web1' },
      reason: 'TaskState',
      type: 'Normal',
      message: 'RUNNING container 1a2b3c4',
      source: { component: 'agent', host: 'web1', user: 'web1' },
      timestamp: '2026-01-01T00:00:05.000Z',
      task: { host: 'web1', job: 'nginx:v1', jobId: 'nginx:v1:abc', state: 'RUNNING', containerId: '1a2b3c4d5e6f' },
    })
    // The same status again stores nothing, Event included; without the flag, no Event.
    store.calls = []
    await as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status?event=true`, running())
    await as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status`, running('2026-01-01T00:00:06Z'))
    expect(writesOf(store.calls)).toEqual(['update Task web@web1'])
  })

  test('copies the states the status passed through onto its one Event; more than the cap is refused, nothing stored', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store, auth })
    await as('admin-token', 'POST', `${API}/tasks`, task('web', 'web1'))
    const passedThrough = [
      { state: 'CREATING', at: '2026-01-01T00:00:04.700Z' },
      { state: 'STARTING', at: '2026-01-01T00:00:04.900Z', containerId: '1a2b3c4d5e6f' },
    ]
    const tooMany = Array.from({ length: MAX_PASSED_THROUGH + 1 }, () => passedThrough[0])
    const put = (list: unknown[]) =>
      as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status?event=true`, {
        ...running(),
        status: { ...running().status, passedThrough: list },
      })
    store.calls = []
    const refused = await put(tooMany)
    expect(refused.status).toBe(422)
    expect(JSON.stringify(refused.body)).toContain('passedThrough')
    expect(writesOf(store.calls)).toEqual([])
    const reply = await put(passedThrough)
    expect(reply.status).toBe(200)
    expect(writesOf(store.calls)).toEqual(['update Task web@web1 + TaskState'])
    const events = (await store.list('Event')).items as unknown as Event[]
    expect(events.map((e) => [e.task?.state, e.timestamp, e.task?.passedThrough])).toEqual([
      ['RUNNING', '2026-01-01T00:00:05.000Z', passedThrough],
    ])
  })

  test('is refused on other kinds and with a value it cannot read; a status whose time is no time is stored without an Event', async () => {
    const store = new SpyStore()
    s = await serveTestApp({ store, auth })
    await as('admin-token', 'POST', `${API}/tasks`, task('web', 'web1'))
    await as('agent-web1-token', 'POST', `${API}/hosts`, host('web1'))
    const up = { ...host('web1'), status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z' } }
    for (const q of ['?event=true', '?event=1']) {
      const reply = await as('agent-web1-token', 'PUT', `${API}/hosts/web1/status${q}`, up)
      expect(reply.status, q).toBe(400)
    }
    for (const q of ['?event=yes', '?event=TRUE', '?event', '?event=true&event=true']) {
      const reply = await as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status${q}`, running())
      expect(reply.status, q).toBe(400)
    }
    store.calls = []
    for (const updatedAt of ['garbage', '', '2026-13-45T99:99:99Z']) {
      const reply = await as('agent-web1-token', 'PUT', `${API}/tasks/web@web1/status?event=true`, running(updatedAt))
      expect(reply.status, updatedAt).toBe(200)
    }
    expect(writesOf(store.calls)).toEqual(['update Task web@web1', 'update Task web@web1', 'update Task web@web1'])
    const about = (await store.list('Event')).items.map((e) => (e as unknown as Event).involvedObject.kind)
    expect(about).toEqual(['Host']) // the agent's registration, audited; nothing about the Task
  })
})

test(`history trims ride in the Event's own transaction: ${EVENTS_KEPT_PER_OBJECT} kept, never a delete of its own`, async () => {
  const store = new SpyStore()
  s = await serveTestApp({ store })
  await s.call('POST', `${API}/tasks`, task('web', 'h1'))
  for (let n = 1; n <= EVENTS_KEPT_PER_OBJECT + 10; n++) {
    const status = {
      state: n % 2 ? 'RUNNING' : 'EXITED',
      updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    }
    expect(
      (await s.call('PUT', `${API}/tasks/web@h1/status?event=true`, { ...task('web', 'h1'), status })).status,
    ).toBe(200)
  }
  const kept = (await store.list('Event')).items as unknown as Event[]
  expect(kept).toHaveLength(EVENTS_KEPT_PER_OBJECT)
  expect(kept.map((e) => e.timestamp).sort()[0]).toBe('2026-01-01T00:00:11.000Z')
  expect(store.calls.filter((c) => c.startsWith('delete'))).toEqual([])
})
