import { describe, expect, test } from 'vitest'
import type { Deployment } from '../apis/index.js'
import { deployedHosts, deployTo, imperativeName, planUndeploy } from './imperative-deployment.js'
import { deployment } from './testing/fixtures.js'

const withStatus = (d: Deployment, hosts: string[]): Deployment => ({ ...d, status: { hosts, revisions: [] } })

describe('deployTo', () => {
  test('a new Deployment is named after the job and annotated imperative', () => {
    expect(imperativeName('nginx:v1')).toBe('nginx-v1')
    expect(deployTo(undefined, 'nginx:v1', ['b', 'a', 'b'], 'START')).toEqual({
      apiVersion: 'helios/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx-v1', annotations: { 'helios/imperative': 'true' } },
      spec: { job: 'nginx:v1', hosts: ['a', 'b'], goal: 'START' },
    })
  })

  test('an existing one gets the union of hosts and the new goal, keeping the rest', () => {
    const existing = deployment('nginx-v1', 'nginx:v1', ['web2'], { hostSelector: ['role=web'] })
    const next = deployTo(existing, 'nginx:v1', ['web1', 'web2'], 'STOP')
    expect(next.spec).toMatchObject({ hosts: ['web1', 'web2'], goal: 'STOP', hostSelector: ['role=web'] })
    expect(next.metadata.resourceVersion).toBe(existing.metadata.resourceVersion)
  })
})

describe('planUndeploy', () => {
  const a = deployment('a', 'nginx:v1', ['web1', 'web2'])
  const b = deployment('b', 'nginx:v1', ['web1'])
  const selected = withStatus(deployment('c', 'nginx:v1', ['web3'], { hostSelector: ['role=web'] }), ['web3', 'web4'])

  test('removes the hosts, deletes emptied Deployments without a selector, updates the others', () => {
    const plan = planUndeploy([a, b, selected], ['web1', 'web3'])
    expect(plan.update.map((d) => [d.metadata.name, d.spec.hosts])).toEqual([
      ['a', ['web2']],
      ['c', []],
    ])
    expect(plan.remove.map((d) => d.metadata.name)).toEqual(['b'])
    expect(plan.outcomes).toEqual([{ host: 'web1' }, { host: 'web3' }])
  })

  test('hosts reached only by a selector, or not at all, fail with the reason', () => {
    const plan = planUndeploy([a, selected], ['web4', 'web9'])
    expect(plan.update).toEqual([])
    expect(plan.outcomes).toEqual([
      { host: 'web4', failure: 'selected by the hostSelector of deployment c; edit that Deployment' },
      { host: 'web9', failure: 'job is not deployed on this host', heliosStatus: 'JOB_NOT_FOUND' },
    ])
    expect(deployedHosts([a, selected])).toEqual(['web1', 'web2', 'web3', 'web4'])
  })
})
