/** @module The endpoints of a service from Tasks and Hosts: who serves, with which address, port and readiness. */
import { describe, expect, test } from 'vitest'
import type { Host, Job, Task, TaskStatus } from '../../apis/index.js'
import { converged, fleetHost, fleetJob, runningTask } from '../testing/fleet.js'
import { desiredEndpoints, isServing, servicesOf } from './desired.js'

const web = fleetJob('web:v1', {
  ports: { http: { internalPort: 80, protocol: 'tcp' }, admin: { internalPort: 81, protocol: 'tcp' } },
  registration: { 'web/http': { ports: { http: { tags: ['v1'] } } }, 'web-admin/http': { ports: { admin: {} } } },
  registrationDomain: 'prod',
})
const withAddress = (host: Host, address: string, state: 'UP' | 'DOWN' = 'UP'): Host =>
  ({ ...host, status: { ...host.status, state, address } }) as Host
const hosts = new Map<string, Host>([
  ['h1', withAddress(fleetHost('h1', {}), '10.0.0.1')],
  ['h2', withAddress(fleetHost('h2', {}), '10.0.0.2', 'DOWN')],
  ['h3', fleetHost('h3', {})],
])
const { deployment } = converged('web', web, {}, [])
const ports = {
  http: { internalPort: 80, externalPort: 20001, protocol: 'tcp' },
  admin: { internalPort: 81, externalPort: 20002, protocol: 'tcp' },
} as const

/** A Task of `job` on `host`, RUNNING with its ports bound, changed by `status` and `spec`. */
function task(host: string, status: Partial<TaskStatus> = {}, spec: Partial<Task['spec']> = {}, job: Job = web): Task {
  const t = runningTask(deployment, job, host)
  return { ...t, spec: { ...t.spec, ...spec }, status: { ...t.status, ports, ...status } as TaskStatus }
}
const run = (tasks: Task[], name = 'web.http') => desiredEndpoints(name, tasks, (h) => hosts.get(h))

describe('servicesOf', () => {
  test("the Endpoints names of the Task's own Job copy", () => {
    expect(servicesOf(task('h1')).sort()).toEqual(['web-admin.http', 'web.http'])
    expect(servicesOf(runningTask(deployment, fleetJob('plain:v1'), 'h1'))).toEqual([])
  })
})

describe('desiredEndpoints', () => {
  test('one endpoint per registered port of a serving Task, with its tags, domain, job and task', () => {
    expect(run([task('h1')])).toEqual([
      {
        host: 'h1',
        address: '10.0.0.1',
        port: 20001,
        portName: 'http',
        transport: 'tcp',
        tags: ['v1'],
        domain: 'prod',
        job: web.status?.id,
        task: 'web@h1',
        ready: true,
      },
    ])
    expect(run([task('h1')], 'web-admin.http')).toMatchObject([{ port: 20002, portName: 'admin', tags: [] }])
  })

  const notServing: [string, Task][] = [
    ['HEALTHCHECKING (its health check has not passed)', task('h1', { state: 'HEALTHCHECKING' })],
    ['STARTING', task('h1', { state: 'STARTING' })],
    ['goal STOP while still RUNNING (before its container stops)', task('h1', {}, { goal: 'STOP' })],
    ['RUNNING the old Job mid-rollout', task('h1', { jobId: 'web:v0:0123' })],
    ['RUNNING before a restart (restartedAt moved)', task('h1', {}, { restartedAt: '2026-02-01T00:00:00Z' })],
    ['EXITED', task('h1', { state: 'EXITED' })],
    ['without a status', { ...task('h1'), status: undefined }],
  ]
  test.each(notServing)('a Task %s has none', (_, t) => {
    expect(isServing(t)).toBe(false)
    expect(run([t])).toEqual([])
  })

  test('a DOWN host keeps its endpoints, not ready; an unknown one too; no address: the host name', () => {
    expect(run([task('h2'), task('h9'), task('h3')]).map((e) => [e.host, e.address, e.ready])).toEqual([
      ['h2', '10.0.0.2', false],
      ['h3', 'h3', true],
      ['h9', 'h9', false],
    ])
  })

  test('a port bound to one ip is reached there; a port not bound (yet) is left out', () => {
    const pinned = fleetJob('pin:v1', {
      ports: { http: { internalPort: 80, ip: '192.168.5.5', protocol: 'tcp' } },
      registration: { 'web/http': { ports: { http: {} } } },
    })
    expect(run([task('h1', {}, {}, pinned)])).toMatchObject([{ address: '192.168.5.5' }])
    expect(run([task('h1', { ports: {} })])).toEqual([])
  })

  test('sorted by host, then task, whatever order the Tasks come in', () => {
    const surge = { ...task('h1'), metadata: { ...task('h1').metadata, name: 'web@h1~surge' } }
    const order = (tasks: Task[]) => run(tasks).map((e) => e.task)
    expect(order([task('h3'), surge, task('h1')])).toEqual(['web@h1', 'web@h1~surge', 'web@h3'])
    expect(order([task('h1'), task('h3'), surge])).toEqual(['web@h1', 'web@h1~surge', 'web@h3'])
  })
})
