// A status write reads only status: an object stored under an older schema still gets its status, and a body's spec is never stored.
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'
let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
  // Stored before the image grammar existed: today's schema refuses its spec.
  const old = task('web', 'h1')
  await s.store.create({ ...old, spec: { ...old.spec, jobSpec: { image: 'x/../../y' } } } as AnyObject)
})
afterEach(() => s.close())

const failed = { state: 'FAILED', throttled: 'IMAGE_PULL_FAILED', updatedAt: '2026-01-01T00:00:00Z' }

test("a Task stored under an older schema still takes its agent's status; the body's spec is ignored", async () => {
  const body = { ...task('web', 'h1'), spec: { evil: true }, status: failed }
  const reply = await s.call('PUT', `${API}/tasks/web@h1/status`, body)
  expect(reply.status).toBe(200)
  const stored = (await s.store.get('Task', 'web@h1')) as AnyObject & { spec: { jobSpec: { image: string } } }
  expect(stored.status).toMatchObject({ state: 'FAILED', throttled: 'IMAGE_PULL_FAILED' })
  expect(stored.spec.jobSpec.image).toBe('x/../../y')
})

test('the status itself is validated, naming its field; identity must match the URL', async () => {
  const me = { apiVersion: 'helios/v1', kind: 'Task', metadata: { name: 'web@h1' } }
  const bad = await s.call('PUT', `${API}/tasks/web@h1/status`, { ...me, status: { ...failed, state: 'HAPPY' } })
  expect(bad).toMatchObject({ status: 422, body: { causes: [{ field: 'status.state' }] } })
  const unknown = await s.call('PUT', `${API}/tasks/web@h1/status`, { ...me, status: { ...failed, extra: 1 } })
  expect(unknown).toMatchObject({ status: 422, body: { causes: [{ field: 'status.extra' }] } })
  for (const body of [
    { ...me, kind: 'Host', status: failed },
    { ...me, apiVersion: 'v1', status: failed },
    { ...me, metadata: { name: 'web@h2' }, status: failed },
    { ...me, metadata: { name: 'web@h1', resourceVersion: 'x' }, status: failed },
    { status: failed },
    {},
    [failed],
  ]) {
    expect((await s.call('PUT', `${API}/tasks/web@h1/status`, body)).status, JSON.stringify(body)).toBe(400)
  }
  const event = { apiVersion: 'helios/v1', kind: 'Event', metadata: { name: 'e1' }, status: {} }
  expect((await s.call('PUT', `${API}/events/e1/status`, event)).status).toBe(400)
  expect((await s.store.get('Task', 'web@h1')).status).toBeUndefined()
})

test('passedThrough dated after the status, or out of order, is refused (a forged CREATING after STOPPED)', async () => {
  const me = { apiVersion: 'helios/v1', kind: 'Task', metadata: { name: 'web@h1' } }
  const stopped = { state: 'STOPPED', throttled: 'NO', updatedAt: '2026-01-01T00:00:10Z' }
  const passed = (...states: Array<[string, string]>) => states.map(([state, at]) => ({ state, at }))
  const put = (status: object) => s.call('PUT', `${API}/tasks/web@h1/status`, { ...me, status })
  const refused = [
    [{ ...stopped, passedThrough: passed(['CREATING', '9999-12-31T23:59:59Z']) }, 'status.passedThrough[0].at'],
    [
      { ...stopped, passedThrough: passed(['RUNNING', '2026-01-01T00:00:05Z'], ['CREATING', '0000-01-01T00:00:00Z']) },
      'status.passedThrough[1].at',
    ],
    [{ ...stopped, updatedAt: '', passedThrough: passed(['CREATING', '9999-12-31T23:59:59Z']) }, 'status.updatedAt'],
  ] as const
  for (const [status, field] of refused) {
    expect(await put(status), field).toMatchObject({ status: 422, body: { causes: [{ field }] } })
  }
  expect((await s.store.get('Task', 'web@h1')).status).toBeUndefined()
  const fine = passed(['CREATING', '2026-01-01T00:00:01Z'], ['RUNNING', '2026-01-01T00:00:01Z'])
  expect(
    (await put({ ...stopped, passedThrough: [...fine, { state: 'STOPPING', at: stopped.updatedAt }] })).status,
  ).toBe(200)
})
