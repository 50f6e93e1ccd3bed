import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { EVENTS_KEPT_PER_OBJECT } from '../apis/index.js'
import { deployment, host, job, serveTestApp, type TestServer } from './test-fixture.js'

const EVENTS = '/apis/helios/v1/events'
const T0 = Date.parse('2024-05-01T12:00:00Z')

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
})
afterEach(() => s.close())

/** A TaskState event of Task `task`, `n` seconds after T0. */
function taskEvent(task: string, n: number, jobName = 'nginx:v1', state = 'RUNNING') {
  const [, hostName = 'h1'] = task.split('@')
  return {
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `${task.replace('@', '.')}.${String(n).padStart(4, '0')}` },
    involvedObject: { kind: 'Task', name: task },
    type: 'Normal',
    reason: 'TaskState',
    message: `${state} container 1a2b3c4`,
    source: { component: 'agent', host: hostName },
    timestamp: new Date(T0 + n * 1000).toISOString(),
    task: { host: hostName, job: jobName, jobId: `${jobName}:abc`, state, containerId: '1a2b3c4d5e6f' },
  }
}

/** The Events' names, leaving out the apiserver's own records of writes (audit.ts). */
const names = async (query = ''): Promise<string[]> =>
  (await s.call('GET', `${EVENTS}${query}`)).body.items
    .filter((e: { source: { component: string } }) => e.source.component !== 'apiserver')
    .map((e: { metadata: { name: string } }) => e.metadata.name)

describe('Events', () => {
  test('are stored like any kind, but immutable and not applied', async () => {
    const created = await s.call('POST', EVENTS, taskEvent('web@h1', 1))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ reason: 'TaskState', metadata: { generation: 1 } })
    const put = await s.call('PUT', `${EVENTS}/web.h1.0001`, { ...created.body, message: 'rewritten' })
    expect(put.body).toMatchObject({ code: 422, message: 'events are immutable; create a new one' })
    const applied = await s.call('POST', '/apis/helios/v1/apply', taskEvent('web@h1', 2))
    expect(applied.body).toMatchObject({ code: 422, causes: [{ field: 'kind' }] })
    expect((await s.call('DELETE', `${EVENTS}/web.h1.0001`)).status).toBe(200)
  })

  test(`keep the newest ${EVENTS_KEPT_PER_OBJECT} per object and job, by timestamp, whatever the arrival order`, async () => {
    // Arrives newest first, as an agent flushing a queue after a restart might not; old ones go anyway.
    for (let n = 40; n >= 1; n--) await s.call('POST', EVENTS, taskEvent('web@h1', n))
    await s.call('POST', EVENTS, taskEvent('web@h1', 0, 'nginx:v2'))
    await s.call('POST', EVENTS, taskEvent('web@h2', 0))
    const kept = await names('?fieldSelector=involvedObject.name=web@h1,task.job=nginx:v1')
    expect(kept).toHaveLength(EVENTS_KEPT_PER_OBJECT)
    expect(kept[0]).toBe('web.h1.0011')
    expect(await names('?fieldSelector=task.job=nginx:v2')).toEqual(['web.h1.0000'])
    expect(await names('?fieldSelector=involvedObject.name=web@h2')).toEqual(['web.h2.0000'])
  })

  test('field selectors: involvedObject.name, involvedObject.kind, task.job, task.host, reason; others refused', async () => {
    await s.call('POST', EVENTS, taskEvent('web@h1', 1))
    await s.call('POST', EVENTS, taskEvent('api@h2', 2, 'api:v1'))
    await s.call('POST', EVENTS, {
      ...taskEvent('x@h1', 3),
      metadata: { name: 'nginx.v1.0003' },
      involvedObject: { kind: 'Job', name: 'nginx:v1' },
      reason: 'Pulled',
      task: undefined,
    })
    expect(await names('?fieldSelector=involvedObject.name=api@h2')).toEqual(['api.h2.0002'])
    expect(await names('?fieldSelector=involvedObject.kind=Job')).toEqual(['nginx.v1.0003'])
    expect(await names('?fieldSelector=task.job=nginx:v1')).toEqual(['web.h1.0001'])
    expect(await names('?fieldSelector=task.host=h2')).toEqual(['api.h2.0002'])
    expect(await names('?fieldSelector=reason!=TaskState')).toEqual(['nginx.v1.0003'])
    const bad = await s.call('GET', `${EVENTS}?fieldSelector=message=x`)
    expect(bad.body).toMatchObject({ code: 400, message: expect.stringContaining('supported: metadata.name') })
  })

  test('deleting a Job deletes its Events (task.job or the Job itself), and only those', async () => {
    await s.call('POST', '/apis/helios/v1/hosts', host('h1'))
    await s.call('POST', '/apis/helios/v1/jobs', job('nginx:v1'))
    await s.call('POST', '/apis/helios/v1/deployments', deployment('web', { job: 'nginx:v1', hosts: ['h1'] }))
    for (let n = 1; n <= 3; n++) await s.call('POST', EVENTS, taskEvent('web@h1', n))
    await s.call('POST', EVENTS, { ...taskEvent('j@h1', 4), involvedObject: { kind: 'Job', name: 'nginx:v1' } })
    await s.call('POST', EVENTS, taskEvent('api@h1', 5, 'api:v1'))
    // Refused while a Deployment uses it: nothing is deleted.
    expect((await s.call('DELETE', '/apis/helios/v1/jobs/nginx:v1')).status).toBe(409)
    expect(await names()).toHaveLength(5)
    await s.call('DELETE', '/apis/helios/v1/deployments/web')
    expect((await s.call('DELETE', '/apis/helios/v1/jobs/nginx:v1')).status).toBe(200)
    expect(await names()).toEqual(['api.h1.0005'])
  })
})
