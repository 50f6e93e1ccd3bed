import { afterEach, describe, expect, test } from 'vitest'
import { isCapabilityName, normalizeCapability } from './rules/rule-options.js'
import { job, serveTestApp, type TestServer } from './test-fixture.js'

const JOBS = '/apis/helios/v1/jobs'
const withCaps = (name: string, addCapabilities: string[]) => job(name, { addCapabilities })

let s: TestServer | undefined
afterEach(() => s?.close())

describe('--allowed-capability', () => {
  test('by default no Job may add a capability: 422 naming them, cause spec.addCapabilities', async () => {
    s = await serveTestApp()
    const reply = await s.call('POST', JOBS, withCaps('net:v1', ['NET_ADMIN', 'SYS_TIME']))
    const message =
      'capabilities not allowed by this apiserver: NET_ADMIN, SYS_TIME (allowed: none); the apiserver flag --allowed-capability allows one'
    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({
      reason: 'Invalid',
      message: `job "net:v1" is refused by this apiserver's admission policy: spec.addCapabilities: ${message}`,
      causes: [{ field: 'spec.addCapabilities', message }],
    })
    expect((await s.call('GET', `${JOBS}/net:v1`)).status).toBe(404)
    expect((await s.call('POST', JOBS, job('plain:v1'))).status).toBe(201)
    expect((await s.call('POST', JOBS, job('drop:v1', { dropCapabilities: ['MKNOD'] }))).status).toBe(201)
  })

  test('allowed ones pass in any spelling; the others are named with what is allowed', async () => {
    s = await serveTestApp({ allowedCapabilities: ['NET_ADMIN', 'cap_sys_time'] })
    expect((await s.call('POST', JOBS, withCaps('a:v1', ['NET_ADMIN', 'CAP_SYS_TIME', 'net_admin']))).status).toBe(201)
    const reply = await s.call('POST', JOBS, withCaps('b:v1', ['NET_ADMIN', 'SYS_ADMIN']))
    expect(reply.body.causes).toEqual([
      {
        field: 'spec.addCapabilities',
        message:
          'capabilities not allowed by this apiserver: SYS_ADMIN (allowed: NET_ADMIN, SYS_TIME); the apiserver flag --allowed-capability allows one',
      },
    ])
    // apply and dry runs go through the same rule.
    const applied = await s.call('POST', '/apis/helios/v1/apply?dryRun=1', withCaps('c:v1', ['SYS_ADMIN']))
    expect(applied.status).toBe(422)
    expect(applied.body.causes).toEqual([{ field: 'spec.addCapabilities', message: expect.any(String) }])
  })

  test('ALL allows any capability', async () => {
    s = await serveTestApp({ allowedCapabilities: ['ALL'] })
    expect((await s.call('POST', JOBS, withCaps('a:v1', ['SYS_ADMIN', 'ALL']))).status).toBe(201)
  })

  test('a Job already stored is not re-judged when it is relabelled', async () => {
    s = await serveTestApp({ allowedCapabilities: ['NET_ADMIN'] })
    const created = (await s.call('POST', JOBS, withCaps('a:v1', ['NET_ADMIN']))).body
    await s.close()
    s = await serveTestApp({ store: s.store }) // the same store, an apiserver allowing nothing
    const relabelled = await s.call('PUT', `${JOBS}/a:v1`, {
      ...created,
      metadata: { name: 'a:v1', labels: { t: 'x' } },
    })
    expect(relabelled.status).toBe(200)
  })

  test('names', () => {
    expect(normalizeCapability(' cap_net_admin ')).toBe('NET_ADMIN')
    expect(isCapabilityName('NET_ADMIN')).toBe(true)
    expect(isCapabilityName('CAP_SYS_TIME')).toBe(true)
    expect(isCapabilityName('net-admin')).toBe(false)
    expect(isCapabilityName('')).toBe(false)
  })
})
