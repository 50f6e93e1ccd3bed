import { describe, expect, test } from 'vitest'
import { Deployment, type DeploymentInput, Host, Job } from '../../apis/index.js'
import { targetHosts, taskDrifted, taskSpecFor } from './desired.js'

const job = Job.parse({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'web:v1' },
  spec: { image: 'helios-test/busybox:latest', ports: { http: { internalPort: 80, externalPort: 8080 } } },
})
const host = (name: string, labels: Record<string, string>, unschedulable = false, drain = false) =>
  Host.parse({ apiVersion: 'helios/v1', kind: 'Host', metadata: { name, labels }, spec: { unschedulable, drain } })
const deployment = (spec: Partial<DeploymentInput['spec']>) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { job: 'web:v1', ...spec },
  })

const fleet = [
  host('web10', { role: 'web' }),
  host('web2', { role: 'web' }),
  host('db1', { role: 'db' }),
  host('web3', { role: 'web' }, true),
]

describe('targetHosts', () => {
  test('explicit hosts are targeted even before their agent registers', () => {
    expect(targetHosts(deployment({ hosts: ['new1'] }), fleet)).toEqual(['new1'])
  })
  test('selectors pick matching schedulable hosts, sorted with numbers compared as numbers', () => {
    expect(targetHosts(deployment({ hostSelector: ['role=web'] }), fleet)).toEqual(['web2', 'web10'])
  })
  test('explicit and selected hosts are joined without duplicates', () => {
    expect(targetHosts(deployment({ hosts: ['db1', 'web2'], hostSelector: ['role in (web)'] }), fleet)).toEqual([
      'db1',
      'web2',
      'web10',
    ])
  })
  test('a host must carry the label for != to match', () => {
    expect(targetHosts(deployment({ hostSelector: ['role!=db'] }), [...fleet, host('bare', {})])).toEqual([
      'web2',
      'web10',
    ])
  })
})

describe('cordon and drain', () => {
  const hosts = [
    host('web1', { role: 'web' }, true),
    host('web2', { role: 'web' }, true, true),
    host('web3', { role: 'web' }),
  ]
  test('a cordoned host keeps the selector Task it has but gets no new one', () => {
    const d = deployment({ hostSelector: ['role=web'] })
    expect(targetHosts(d, hosts)).toEqual(['web3'])
    expect(targetHosts(d, hosts, new Set(['web1', 'web2']))).toEqual(['web1', 'web3'])
  })
  test('a drained host loses its selector Task but keeps a Task it is named for', () => {
    expect(targetHosts(deployment({ hosts: ['web2'], hostSelector: ['role=web'] }), hosts, new Set(['web2']))).toEqual([
      'web2',
      'web3',
    ])
  })
})

describe('taskSpecFor and taskDrifted', () => {
  test('the spec names host, Deployment, Job, id, a copy of the Job spec, goal and restartedAt', () => {
    const spec = taskSpecFor(deployment({ goal: 'STOP', restartedAt: '2026-01-01T00:00:00Z' }), job, 'web2')
    expect(spec).toMatchObject({ host: 'web2', deployment: 'web', job: 'web:v1', goal: 'STOP' })
    expect(spec.restartedAt).toBe('2026-01-01T00:00:00Z')
    expect(spec.jobId).toMatch(/^web:v1:[0-9a-f]{40}$/)
    expect(spec.jobSpec.image).toBe('helios-test/busybox:latest')
  })
  test('a changed goal, job id or restartedAt is drift', () => {
    const a = taskSpecFor(deployment({}), job, 'web2')
    expect(taskDrifted(a, a)).toBe(false)
    expect(taskDrifted(a, { ...a, goal: 'STOP' })).toBe(true)
    expect(taskDrifted(a, { ...a, jobId: 'web:v2:abc' })).toBe(true)
    expect(taskDrifted(a, { ...a, restartedAt: '2026-01-02T00:00:00Z' })).toBe(true)
  })
})
