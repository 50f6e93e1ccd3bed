import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment, Host } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), host('web1', {}, { role: 'web' }), deployment('web', 'web:v1', ['web1']))
})
afterEach(() => server.close())

const labels = (kind: 'Host' | 'Deployment', name: string) =>
  (server.stored(kind, name) as Host | Deployment).metadata.labels

describe('label', () => {
  test('k=v adds, k- removes; a no-op says not labeled; deployments too', async () => {
    expect(await heliosctl(server.url, ['label', 'host', 'web1', 'zone=eu', 'role-'])).toEqual({
      code: 0,
      stdout: 'host/web1 labeled\n',
      stderr: '',
    })
    expect(labels('Host', 'web1')).toEqual({ zone: 'eu' })
    expect((await heliosctl(server.url, ['label', 'hosts', 'web1', 'zone=eu'])).stdout).toBe('host/web1 not labeled\n')
    expect((await heliosctl(server.url, ['label', 'deploy', 'web', 'tier=front'])).stdout).toBe(
      'deployment/web labeled\n',
    )
    expect(labels('Deployment', 'web')).toEqual({ tier: 'front' })
    const json = await heliosctl(server.url, ['--json', 'label', 'host', 'web1', 'a=b'])
    expect(JSON.parse(json.stdout)).toEqual({ object: 'host/web1', labeled: true, labels: { zone: 'eu', a: 'b' } })
  })

  test('changing a value needs --overwrite', async () => {
    expect(await heliosctl(server.url, ['label', 'host', 'web1', 'role=db'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: 'role' already has a value (web), and --overwrite is false\n",
    })
    expect(labels('Host', 'web1')).toEqual({ role: 'web' })
    expect((await heliosctl(server.url, ['label', 'host', 'web1', 'role=db', '--overwrite'])).code).toBe(0)
    expect(labels('Host', 'web1')).toEqual({ role: 'db' })
  })

  test('bad syntax and kinds are usage errors (exit 2); an unknown host and a bad key fail (exit 1)', async () => {
    const bad = await heliosctl(server.url, ['label', 'host', 'web1', 'role'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: invalid label "role": expected key=value to set or key- to remove\n/)
    expect((await heliosctl(server.url, ['label', 'host', 'web1', '=x'])).code).toBe(2)
    expect((await heliosctl(server.url, ['label', 'task', 'x', 'a=b'])).code).toBe(2)
    expect((await heliosctl(server.url, ['label', 'host', 'web9', 'a=b'])).stderr).toBe(
      'error: host "web9" not found\nhint: check the name: heliosctl get hosts lists them\n',
    )
    expect((await heliosctl(server.url, ['label', 'host', 'web1', 'a=b c'])).code).toBe(1)
    expect(labels('Host', 'web1')).toEqual({ role: 'web' })
  })
})

describe('cordon, uncordon', () => {
  test('cordon sets unschedulable; uncordon clears it and the drain', async () => {
    expect((await heliosctl(server.url, ['cordon', 'web1'])).stdout).toBe('host/web1 cordoned\n')
    expect((server.stored('Host', 'web1') as Host).spec).toEqual({ unschedulable: true, drain: false })
    expect((await heliosctl(server.url, ['cordon', 'web1'])).stdout).toBe('host/web1 already cordoned\n')
    await heliosctl(server.url, ['drain', 'web1'])
    expect((await heliosctl(server.url, ['uncordon', 'web1'])).stdout).toBe('host/web1 uncordoned\n')
    expect((server.stored('Host', 'web1') as Host).spec).toEqual({ unschedulable: false, drain: false })
    expect((await heliosctl(server.url, ['uncordon', 'web1'])).stdout).toBe('host/web1 already uncordoned\n')
    expect((await heliosctl(server.url, ['cordon', 'web9'])).stderr).toBe(
      'error: host "web9" not found\nhint: check the name: heliosctl get hosts lists them\n',
    )
  })
})
