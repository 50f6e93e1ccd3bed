import { describe, expect, test } from 'vitest'
import { Deployment, type DeploymentInput } from '../../apis/index.js'
import { migrations } from './migrate.js'

const make = (name: string, spec: Partial<DeploymentInput['spec']>, imperative = false) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name, annotations: imperative ? { 'helios/imperative': 'true' } : {} },
    spec: { job: 'web:v2', ...spec },
  })

describe('migrations', () => {
  const group = make('web', { hostSelector: ['role=web'], rollout: { migrate: true } })
  const byHand = make('web-v1', { job: 'web:v1', hosts: ['h1', 'h9'] }, true)

  test('a hand deploy of the same Job name on a target host gives that host up; others it keeps', () => {
    expect(migrations(group, ['h1', 'h2'], [group, byHand])).toEqual([{ from: byHand, hosts: ['h9'] }])
  })

  test('a hand deploy whose hosts are all taken over is deleted (no hosts left)', () => {
    expect(migrations(group, ['h1', 'h9'], [byHand])).toEqual([{ from: byHand, hosts: [] }])
  })

  test('without migrate, other Job names, manifest Deployments and untouched hosts are left alone', () => {
    const noMigrate = make('web', { hostSelector: ['role=web'] })
    const otherJob = make('db-v1', { job: 'db:v1', hosts: ['h1'] }, true)
    const manifest = make('web-canary', { job: 'web:v1', hosts: ['h1'] })
    const elsewhere = make('web-v0', { job: 'web:v0', hosts: ['h7'] }, true)
    expect(migrations(noMigrate, ['h1'], [byHand])).toEqual([])
    expect(migrations(group, ['h1'], [otherJob, manifest, elsewhere])).toEqual([])
  })
})
