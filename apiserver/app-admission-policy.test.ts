import { afterEach, describe, expect, test } from 'vitest'
import { deployment, job, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'
let s: TestServer | undefined
afterEach(() => s?.close())

// The hostile Job of issue 13, with one door per field.
const HOSTILE = {
  volumes: { '/host': '/', '/sock': '/var/run/docker.sock' },
  networkMode: 'host',
  securityOpt: ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable'],
  ramdisks: { '/big': 'rw,exec,suid,size=100g' },
}

describe('admission policy over HTTP: deny by default', () => {
  test('the hostile Job is refused field by field by create and apply (dry run too); nothing is stored', async () => {
    s = await serveTestApp()
    for (const [method, path] of [
      ['POST', `${API}/jobs`],
      ['POST', `${API}/apply`],
      ['POST', `${API}/apply?dryRun=true`],
      ['POST', `${API}/jobs?dryRun=All`],
    ] as const) {
      const reply = await s.call(method, path, job('evil:v1', HOSTILE))
      expect(reply.status, `${method} ${path}`).toBe(422)
      expect(reply.body.reason).toBe('Invalid')
      const fields = reply.body.causes.map((c: { field: string; message: string }) => `${c.field}: ${c.message}`)
      expect(fields).toEqual([
        expect.stringMatching(/^spec\.volumes\.\/host: host path "\/" .*--allow-host-path/),
        expect.stringMatching(/^spec\.volumes\.\/sock: host path "\/var\/run\/docker\.sock" .*--allow-host-path/),
        expect.stringMatching(/^spec\.networkMode: .*--allow-host-network/),
        expect.stringMatching(/^spec\.securityOpt\[0\]: .*--allow-security-opt "seccomp=unconfined"/),
        expect.stringMatching(/^spec\.securityOpt\[1\]: .*--allow-security-opt "apparmor=unconfined"/),
        expect.stringMatching(/^spec\.securityOpt\[2\]: .*--allow-security-opt "label=disable"/),
        expect.stringMatching(/^spec\.ramdisks\.\/big: .*--allow-ramdisk-option exec.*--allow-ramdisk-option suid/),
        expect.stringMatching(/^spec\.ramdisks: .*--max-ramdisk-size/),
      ])
    }
    expect((await s.call('GET', `${API}/jobs/evil:v1`)).status).toBe(404)
    expect((await s.call('GET', `${API}/jobs`)).body.items).toEqual([])
  })

  test("a Task's own copy of a Job spec passes the policy too, whoever writes it; its status writes are not judged", async () => {
    s = await serveTestApp()
    const evil = task('web', 'h1')
    const hostile = { ...evil, spec: { ...evil.spec, jobSpec: { image: 'nginx', ...HOSTILE } } }
    const reply = await s.call('POST', `${API}/tasks`, hostile)
    expect(reply.status).toBe(422)
    expect(reply.body.causes[0].field).toBe('spec.jobSpec.volumes./host')
    expect((await s.call('POST', `${API}/tasks`, evil)).status).toBe(201)
    const replaced = await s.call('PUT', `${API}/tasks/web@h1`, hostile)
    expect(replaced.status).toBe(422)
    const status = { ...evil, status: { state: 'RUNNING', updatedAt: '2026-01-01T00:00:00Z' } }
    expect((await s.call('PUT', `${API}/tasks/web@h1/status`, status)).status).toBe(200)
  })

  test('--allow-host-path /srv/x: /srv/x/data is admitted, /srv/x/../etc and /srv/x2 are not', async () => {
    s = await serveTestApp({ admissionPolicy: { allowHostPaths: ['/srv/x'] } })
    expect((await s.call('POST', `${API}/jobs`, job('ok:v1', { volumes: { '/d': '/srv/x/data' } }))).status).toBe(201)
    for (const source of ['/srv/x/../etc', '/srv/x2', '/srv/x/%2e%2e/etc', '/var/run/docker.sock']) {
      const reply = await s.call('POST', `${API}/jobs`, job('bad:v1', { volumes: { '/d': source } }))
      expect(reply.status, source).toBe(422)
      expect(reply.body.causes[0].field).toBe('spec.volumes./d')
    }
  })

  test("container:<another task's container> needs --allow-container-network", async () => {
    s = await serveTestApp({ admissionPolicy: { allowHostNetwork: true } })
    const reply = await s.call('POST', `${API}/jobs`, job('spy:v1', { networkMode: 'container:web-v1-0123abcd' }))
    expect(reply.status).toBe(422)
    expect(reply.body.causes).toEqual([
      { field: 'spec.networkMode', message: expect.stringContaining('--allow-container-network') },
    ])
  })

  test('forged agent labels are refused whatever the policy', async () => {
    s = await serveTestApp({ admissionPolicy: { allowSecurityOpts: ['ALL'], allowHostNetwork: true } })
    const labels = { 'helios.task': 'victim@h1', 'HELIOS.managed': 'true', team: 'a' }
    const reply = await s.call('POST', `${API}/jobs`, job('forge:v1', { labels }))
    expect(reply.status).toBe(422)
    expect(reply.body.causes.map((c: { field: string }) => c.field)).toEqual([
      'spec.labels.helios.task',
      'spec.labels.HELIOS.managed',
    ])
  })
})

describe('admission policy at deploy time', () => {
  // A Job admitted by a looser apiserver, then served by one with the default policy on the same store.
  async function storedUnderLoosePolicy(deploy: boolean): Promise<void> {
    s = await serveTestApp({ admissionPolicy: { allowHostNetwork: true } })
    expect((await s.call('POST', `${API}/jobs`, job('net:v1', { networkMode: 'host' }))).status).toBe(201)
    if (deploy)
      expect(
        (await s.call('POST', `${API}/deployments`, deployment('net', { job: 'net:v1', hosts: ['h1'] }))).status,
      ).toBe(201)
    await s.close()
    s = await serveTestApp({ store: s.store })
  }

  test('a new Deployment of a Job the policy now refuses is refused, naming the field and flag; nothing stored', async () => {
    await storedUnderLoosePolicy(false)
    const reply = await s!.call('POST', `${API}/deployments`, deployment('net', { job: 'net:v1', hosts: ['h1'] }))
    expect(reply.status).toBe(422)
    expect(reply.body.message).toContain('stored under a looser admission policy')
    expect(reply.body.causes).toEqual([
      { field: 'spec.job', message: expect.stringMatching(/^job "net:v1" spec\.networkMode: .*--allow-host-network/) },
    ])
    expect((await s!.call('GET', `${API}/deployments/net`)).status).toBe(404)
    // A STOP Deployment runs nothing; starting it later is judged.
    const stopped = await s!.call('POST', `${API}/deployments`, deployment('net', { job: 'net:v1', goal: 'STOP' }))
    expect(stopped.status).toBe(201)
    const started = await s!.call('PUT', `${API}/deployments/net`, {
      ...stopped.body,
      spec: { ...stopped.body.spec, goal: 'START' },
    })
    expect(started.status).toBe(422)
  })

  test('what already runs can still be stopped, paused and relabelled; more hosts or a restart are judged', async () => {
    await storedUnderLoosePolicy(true)
    const current = (await s!.call('GET', `${API}/deployments/net`)).body
    const put = async (spec: Record<string, unknown>, labels: Record<string, string> = {}) => {
      const latest = (await s!.call('GET', `${API}/deployments/net`)).body
      return s!.call('PUT', `${API}/deployments/net`, {
        ...latest,
        metadata: { ...latest.metadata, labels },
        spec: { ...latest.spec, ...spec },
      })
    }
    expect((await put({}, { team: 'a' })).status).toBe(200)
    expect((await put({ paused: true })).status).toBe(200)
    expect((await put({ hosts: ['h1', 'h2'] })).status).toBe(422)
    expect((await put({ restartedAt: '2030-01-01T00:00:00Z' })).status).toBe(422)
    expect((await put({ hostGoals: { h1: 'STOP' } })).status).toBe(200)
    expect((await put({ hostGoals: { h1: 'START' } })).status).toBe(422)
    expect((await put({ goal: 'STOP' })).status).toBe(200)
    expect((await put({ goal: 'START' })).status).toBe(422)
    expect(current.spec.hosts).toEqual(['h1'])
    expect((await s!.call('DELETE', `${API}/deployments/net`)).status).toBe(200)
  })
})
