import { describe, expect, test } from 'vitest'
import { Deployment, type DeploymentInput, Host, Job } from '../../apis/index.js'
import { desiredTasks, targetHosts, taskDrifted } from './desired.js'

const job = Job.parse({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'web:v1' },
  spec: { image: 'helios-test/busybox:latest', ports: { http: { internalPort: 80, externalPort: 8080 } } },
})
const host = (name: string, labels: Record<string, string>, unschedulable = false) =>
  Host.parse({ apiVersion: 'helios/v1', kind: 'Host', metadata: { name, labels }, spec: { unschedulable } })
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

describe('desiredTasks', () => {
  test('one Task per host named <deployment>@<host> with the job id, spec copy and goal', () => {
    const tasks = desiredTasks(deployment({ hosts: ['web2'], goal: 'STOP' }), job, fleet)
    expect(tasks).toHaveLength(1)
    expect(tasks[0]?.name).toBe('web@web2')
    expect(tasks[0]?.spec).toMatchObject({ host: 'web2', deployment: 'web', job: 'web:v1', goal: 'STOP' })
    expect(tasks[0]?.spec.jobId).toMatch(/^web:v1:[0-9a-f]{40}$/)
    expect(tasks[0]?.spec.jobSpec.image).toBe('helios-test/busybox:latest')
  })
  test('a changed goal or job is drift', () => {
    const [a] = desiredTasks(deployment({ hosts: ['web2'] }), job, fleet)
    const [b] = desiredTasks(deployment({ hosts: ['web2'], goal: 'STOP' }), job, fleet)
    expect(taskDrifted(a!.spec, a!.spec)).toBe(false)
    expect(taskDrifted(a!.spec, b!.spec)).toBe(true)
    expect(taskDrifted(a!.spec, { ...a!.spec, jobId: 'web:v2:abc' })).toBe(true)
  })
})
