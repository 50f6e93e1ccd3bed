import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { MIGRATING_ANNOTATION, parseObject } from '../apis/index.js'
import { deployment, host, job, serveTestApp, type TestServer, task } from './test-fixture.js'

// Issue 14: "never two of one Job on a host", refused with Helios' JOB_ALREADY_DEPLOYED naming the other Deployment.
const API = '/apis/helios/v1'
const D = `${API}/deployments`
const imperative = { 'helios/imperative': 'true' }
const hand = (hosts: string[], jobName = 'web:v1') => ({
  ...deployment(jobName.replace(':', '-'), { job: jobName, hosts }),
  metadata: { name: jobName.replace(':', '-'), annotations: imperative },
})
const group = (name: string, spec: Record<string, unknown> = {}) =>
  deployment(name, { hostSelector: ['role=web'], ...spec })

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp()
  for (const obj of [job('web:v1'), job('web:v2'), job('db:v1')]) await s.call('POST', `${API}/jobs`, obj)
  for (const name of ['h1', 'h2', 'h3']) await s.call('POST', `${API}/hosts`, host(name, { role: 'web' }))
  await s.call('POST', `${API}/hosts`, host('d1', { role: 'db' }))
})
afterEach(() => s.close())

const get = async (name: string) => (await s.call('GET', `${D}/${name}`)).body
const refusal = (host: string, message: string | RegExp) => ({
  field: 'spec.hosts',
  message: typeof message === 'string' ? `${host}: JOB_ALREADY_DEPLOYED: ${message}` : expect.stringMatching(message),
})

describe('hosts a Deployment names', () => {
  test('a second Deployment naming a host for the same Job is 409 JOB_ALREADY_DEPLOYED naming the first', async () => {
    expect((await s.call('POST', D, hand(['h1']))).status).toBe(201)
    const spellings = [
      deployment('other', { job: 'web:v1', hosts: ['h1'] }),
      deployment('other', { job: 'web:v1', hosts: ['h3', 'h2', 'h1'] }),
      deployment('other', { job: 'web:v1', hosts: ['h1'], goal: 'STOP' }),
      deployment('other', { job: 'web:v1', hosts: ['h1'], replicas: 1 }),
    ]
    for (const body of spellings) {
      const reply = await s.call('POST', D, body)
      expect(reply.status, JSON.stringify(body.spec)).toBe(409)
      expect(reply.body.message).toMatch(
        /^JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 for deployment "web-v1"/,
      )
      expect(reply.body.causes).toContainEqual(refusal('h1', /^h1: JOB_ALREADY_DEPLOYED: .*deployment "web-v1"/))
    }
    expect((await s.call('GET', D)).body.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual([
      'web-v1',
    ])
    // Through apply and through a PUT adding the host: the same refusal.
    expect((await s.call('POST', `${API}/apply`, spellings[0])).status).toBe(409)
    expect((await s.call('POST', D, deployment('other', { job: 'web:v1', hosts: ['h2'] }))).status).toBe(201)
    const other = await get('other')
    const moved = await s.call('PUT', `${D}/other`, { ...other, spec: { ...other.spec, hosts: ['h2', 'h1'] } })
    expect(moved.status).toBe(409)
    expect((await get('other')).spec.hosts).toEqual(['h2'])
  })

  test('another version of the same name, or another Job, may share the host (Helios keyed by job id)', async () => {
    await s.call('POST', D, hand(['h1']))
    expect((await s.call('POST', D, deployment('v2', { job: 'web:v2', hosts: ['h1'] }))).status).toBe(201)
    expect((await s.call('POST', D, deployment('db', { job: 'db:v1', hosts: ['h1'] }))).status).toBe(201)
  })

  test('racing creates of two Deployments naming one host for one Job: exactly one wins, every round', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `r${round}`
      await s.call('POST', `${API}/jobs`, job(`${name}:v1`))
      const replies = await Promise.all(
        ['a', 'b', 'c'].map((x) => s.call('POST', D, deployment(`${name}${x}`, { job: `${name}:v1`, hosts: ['h1'] }))),
      )
      expect(replies.map((r) => r.status).sort(), `round ${round}`).toEqual([201, 409, 409])
      for (const r of replies.filter((x) => x.status === 409)) expect(r.body.message).toMatch(/^JOB_ALREADY_DEPLOYED: /)
    }
  })
})

describe('hosts reached through a selector (deployment groups)', () => {
  test('a group without a job is fine; rolling it onto a host with a hand deploy is refused; nothing stored', async () => {
    await s.call('POST', D, hand(['h2']))
    expect((await s.call('POST', D, group('grp'))).status).toBe(201)
    const grp = await get('grp')
    const update = await s.call('PUT', `${D}/grp`, { ...grp, spec: { ...grp.spec, job: 'web:v1' } })
    expect(update.status).toBe(409)
    expect(update.body.causes).toEqual([
      refusal(
        'h2',
        'job web:v1 is already deployed on h2 for deployment "web-v1" (heliosctl deploy); rolling-update --migrate (rollout.migrate) takes a hand deploy over',
      ),
    ])
    expect((await get('grp')).spec.job).toBeUndefined()
    // A selector that does not reach h2 is fine; a db host is not web.
    expect((await s.call('POST', D, deployment('dbs', { job: 'web:v1', hostSelector: ['role=db'] }))).status).toBe(201)
  })

  test('a hand deploy onto a host a group runs the Job on (its Task, or its selector) is refused naming the group', async () => {
    await s.call('POST', D, group('grp', { job: 'web:v1' }))
    const reply = await s.call('POST', D, hand(['h1']))
    expect(reply.status).toBe(409)
    expect(reply.body.causes).toEqual([
      refusal(
        'h1',
        'job web:v1 is already deployed on h1 for deployment "grp"; change or remove that deployment first',
      ),
    ])
    // A Task the group runs there counts even once the selector no longer reaches the host (cordoned, relabelled).
    await s.call('POST', `${API}/tasks`, task('grp', 'd1', 'web:v1'))
    const onTask = await s.call('POST', D, hand(['d1']))
    expect(onTask.body.causes).toEqual([
      refusal('d1', 'job web:v1 already runs on d1 for deployment "grp"; change or remove that deployment first'),
    ])
  })

  test('a change keeping the Job is judged on the hosts it adds only: goals and options never trip on an older state', async () => {
    await s.call('POST', D, group('grp', { job: 'web:v1' }))
    // The group's Task on h1, and then a hand deploy's Task there too (as a race or a relabel would leave it).
    await s.call('POST', `${API}/tasks`, task('grp', 'h1', 'web:v1'))
    // Stored behind the rules' back, as a race between two apiservers could leave it.
    await s.store.create(parseObject(hand(['h1'])) as never)
    const grp = await get('grp')
    const stopped = await s.call('PUT', `${D}/grp`, { ...grp, spec: { ...grp.spec, hostGoals: { h1: 'STOP' } } })
    expect(stopped.status).toBe(200)
    const options = await s.call('PUT', `${D}/grp`, {
      ...(await get('grp')),
      spec: { ...(await get('grp')).spec, rollout: { parallelism: 2 } },
    })
    expect(options.status).toBe(200)
    // A selector reaching a new host is judged on it.
    const wider = await s.call('PUT', `${D}/grp`, {
      ...(await get('grp')),
      spec: { ...(await get('grp')).spec, hostSelector: ['role in (web, db)'] },
    })
    expect(wider.status).toBe(200)
    await s.call('POST', D, deployment('dbhand', { job: 'db:v1', hosts: ['d1'] }))
    const dbGroup = await s.call('POST', D, deployment('dbg', { job: 'db:v1', hostSelector: ['role=web'] }))
    expect(dbGroup.status).toBe(201)
    const dbg = await get('dbg')
    const reach = await s.call('PUT', `${D}/dbg`, {
      ...dbg,
      spec: { ...dbg.spec, hostSelector: ['role in (web, db)'] },
    })
    expect(reach.status).toBe(409)
    expect(reach.body.causes).toEqual([
      refusal('d1', /^d1: JOB_ALREADY_DEPLOYED: job db:v1 is already deployed on d1 for deployment "dbhand"/),
    ])
  })

  test('a replicas Deployment is not refused: placement goes around the hosts taken (controller)', async () => {
    await s.call('POST', D, hand(['h1']))
    expect((await s.call('POST', D, group('rep', { job: 'web:v1', replicas: 2 }))).status).toBe(201)
  })
})

describe('rollout.migrate takes hand deploys over in the same transaction', () => {
  test('named host: the hand deploy stops there and hands its claim over; a third Deployment is refused naming the taker', async () => {
    await s.call('POST', D, hand(['h1', 'h3']))
    const plain = await s.call('POST', D, deployment('grp', { job: 'web:v1', hosts: ['h1', 'h2'] }))
    expect(plain.status).toBe(409)
    const migrating = deployment('grp', { job: 'web:v1', hosts: ['h1', 'h2'], rollout: { migrate: true } })
    const dry = await s.call('POST', `${D}?dryRun=true`, migrating)
    expect(dry.status).toBe(201)
    expect((await get('web-v1')).spec.hostGoals).toBeUndefined()
    expect((await s.call('POST', D, migrating)).status).toBe(201)
    const from = await get('web-v1')
    expect(from.spec.hosts).toEqual(['h1', 'h3'])
    expect(from.spec.hostGoals).toEqual({ h1: 'STOP' })
    expect(JSON.parse(from.metadata.annotations[MIGRATING_ANNOTATION])).toEqual({ h1: 'grp' })
    const third = await s.call('POST', D, deployment('third', { job: 'web:v1', hosts: ['h1'] }))
    expect(third.status).toBe(409)
    expect(third.body.message).toContain('deployment "grp"')
    // The hand deploy keeps h3; it cannot take h1 back while it hands it over.
    expect((await s.call('POST', D, deployment('on3', { job: 'web:v1', hosts: ['h3'] }))).body.message).toContain(
      'deployment "web-v1"',
    )
    const events = (await s.call('GET', `${API}/events?fieldSelector=involvedObject.name%3Dweb-v1`)).body.items
    expect(events.map((e: { reason: string }) => e.reason)).toContain('Migrating')
  })

  test("the Job's own rolloutOptions.migrate counts (precedence), and a group takes selected hosts over", async () => {
    await s.call('POST', `${API}/jobs`, job('app:v1', { rolloutOptions: { migrate: true } }))
    await s.call('POST', D, hand(['h2'], 'app:v1'))
    expect((await s.call('POST', D, group('grp', { job: 'app:v1' }))).status).toBe(201)
    expect((await get('app-v1')).spec.hostGoals).toEqual({ h2: 'STOP' })
    // rolloutOverrides (rolling-update's flags) over the Job: migrate false refuses again.
    await s.call('POST', D, hand(['h3'], 'web:v1'))
    const overridden = group('g2', {
      job: 'web:v1',
      hostSelector: ['role=web'],
      rolloutOverrides: { migrate: false },
      rollout: { migrate: true },
    })
    expect((await s.call('POST', D, overridden)).status).toBe(409)
  })

  test('another version, or a Deployment not made by hand, is never taken over', async () => {
    await s.call('POST', D, hand(['h1'], 'web:v2'))
    await s.call('POST', D, deployment('declared', { job: 'web:v1', hosts: ['h2'] }))
    const grp = group('grp', { job: 'web:v1', rollout: { migrate: true } })
    const reply = await s.call('POST', D, grp)
    expect(reply.status).toBe(409)
    expect(reply.body.causes).toEqual([refusal('h2', /deployment "declared"; change or remove/)])
    expect((await get('web-v2')).spec.hostGoals).toBeUndefined()
  })
})

describe('Tasks claim their Job on their host: the store itself refuses a second', () => {
  test('a second main Task of the Job on the host is 409; a surge Task of its own Deployment is allowed', async () => {
    expect((await s.call('POST', `${API}/tasks`, task('a', 'h1', 'web:v1'))).status).toBe(201)
    const second = await s.call('POST', `${API}/tasks`, task('b', 'h1', 'web:v1'))
    expect(second.status).toBe(409)
    expect(second.body.message).toBe('JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 by task "a@h1"')
    const surge = { ...task('a', 'h1', 'web:v1'), metadata: { name: 'a@h1~surge' } }
    expect((await s.call('POST', `${API}/tasks`, surge)).status).toBe(201)
    // Moving a Task onto the Job of another Task on its host is refused; its status writes are not judged.
    const other = (await s.call('POST', `${API}/tasks`, task('c', 'h1', 'web:v2'))).body
    const moved = await s.call('PUT', `${API}/tasks/c@h1`, { ...other, spec: { ...other.spec, job: 'web:v1' } })
    expect(moved.status).toBe(409)
    const status = { state: 'RUNNING', updatedAt: new Date().toISOString() }
    expect((await s.call('PUT', `${API}/tasks/c@h1/status`, { ...other, status })).status).toBe(200)
    // Once the first is gone the Job is free on the host.
    await s.call('DELETE', `${API}/tasks/a@h1`)
    expect((await s.call('POST', `${API}/tasks`, task('b', 'h1', 'web:v1'))).status).toBe(201)
  })
})
