import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { type AnyObject, parseObject } from '../../apis/index.js'
import { until } from '../../client/testing/until.js'
import { heliosctl } from '../testing/cli.js'
import { startHeliosctl } from '../testing/cli-stream.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job, task } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const nginx = job('nginx:v1')
const withState = (t: AnyObject, state: string): AnyObject => ({
  ...t,
  status: { ...(t.status as object), state },
})

describe('get -o name', () => {
  test('kind/name per object, for every kind', async () => {
    server.seed(nginx, deployment('web', 'nginx:v1', ['h1']), host('h1'), task(nginx, 'h1', {}, 'web'))
    const names = async (kind: string) => (await heliosctl(server.url, ['get', kind, '-o', 'name'])).stdout
    expect(await names('jobs')).toBe('job/nginx:v1\n')
    expect(await names('deploy')).toBe('deployment/web\n')
    expect(await names('nodes')).toBe('host/h1\n')
    expect(await names('task')).toBe('task/web@h1\n')
    expect((await heliosctl(server.url, ['get', 'deployment', 'web', '-o', 'name'])).stdout).toBe('deployment/web\n')
  })

  test('every -o form for every kind: one object and the list', async () => {
    const ev = parseObject({
      apiVersion: 'helios/v1',
      kind: 'Event',
      metadata: { name: 'web.h1.x' },
      involvedObject: { kind: 'Task', name: 'web@h1' },
      reason: 'TaskState',
      source: { component: 'agent' },
      timestamp: new Date().toISOString(),
    }) as AnyObject
    const objects: AnyObject[] = [
      nginx,
      deployment('web', 'nginx:v1', ['h1']),
      host('h1'),
      task(nginx, 'h1', {}, 'web'),
      ev,
    ]
    server.seed(...objects)
    for (const obj of objects) {
      const kind = obj.kind.toLowerCase()
      const one = async (o: string) => (await heliosctl(server.url, ['get', kind, obj.metadata.name, '-o', o])).stdout
      expect(JSON.parse(await one('json')).metadata.name).toBe(obj.metadata.name)
      expect(parse(await one('yaml')).kind).toBe(obj.kind)
      expect(await one('name')).toBe(`${kind}/${obj.metadata.name}\n`)
      expect((await one('wide')).split('\n')).toHaveLength(3)
      const list = await heliosctl(server.url, ['get', `${kind}s`, '-o', 'json'])
      expect(JSON.parse(list.stdout).items).toHaveLength(1)
      expect((await heliosctl(server.url, ['get', `${kind}s`])).stdout.split('\n')).toHaveLength(3)
    }
  })

  test('-o wide for tasks adds DEPLOYMENT and THROTTLED', async () => {
    server.seed(task(nginx, 'h1', { state: 'EXITED', throttled: 'FLAPPING' }, 'web'))
    const { stdout } = await heliosctl(server.url, ['get', 'tasks', '-o', 'wide'])
    const [header, row] = stdout.split('\n').map((line) => line.split(/ {3,}/))
    expect(header?.slice(-3)).toEqual(['AGE', 'DEPLOYMENT', 'THROTTLED'])
    expect(row?.slice(-2)).toEqual(['web', 'FLAPPING'])
  })
})

describe('get -w', () => {
  test('the table, then one aligned row per change; ends with exit 0 when interrupted', async () => {
    const t = task(nginx, 'h1', { state: 'STARTING' }, 'web')
    server.seed(t)
    const cli = startHeliosctl(server.url, ['get', 'tasks', '-w'])
    await cli.printed('STARTING')
    server.seed(withState(t, 'RUNNING'))
    await cli.printed('RUNNING')
    server.remove('Task', 'web@h1')
    await cli.printed(/RUNNING[^\n]*\n[^\n]*RUNNING/)
    const result = await cli.stop()
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]?.split(/ {3,}/)).toEqual(['NAME', 'HOST', 'JOB', 'GOAL', 'STATE', 'CONTAINER', 'PORTS', 'AGE'])
    expect(lines.slice(1).map((l) => l.split(/ {3,}/)[4])).toEqual(['STARTING', 'RUNNING', 'RUNNING'])
    // Rows after the first table keep its column positions.
    expect(lines.map((l) => l.indexOf('nginx:v1'))).toEqual([-1, 16, 16, 16])
  })

  test('a 410 Expired or a dropped stream relists: a change made meanwhile is printed once', async () => {
    const t = task(nginx, 'h1', { state: 'STARTING' }, 'web')
    server.seed(t)
    const cli = startHeliosctl(server.url, ['get', 'tasks', '-o', 'name', '-w'])
    await cli.printed('task/web@h1\n')
    await until(() => server.watches.open === 1)
    server.watches.expire()
    server.seed(withState(t, 'RUNNING'))
    await cli.printed('task/web@h1\ntask/web@h1\n')
    await until(() => server.watches.open === 1)
    server.watches.drop()
    server.seed(task(nginx, 'h2', { state: 'STARTING' }, 'web'))
    await cli.printed('task/web@h2\n')
    expect((await cli.stop()).stdout).toBe('task/web@h1\ntask/web@h1\ntask/web@h2\n')
  })

  test('-o json / -o yaml print one document per object and per change; --watch-only skips the start', async () => {
    server.seed(nginx, deployment('web', 'nginx:v1', ['h1']))
    const cli = startHeliosctl(server.url, ['get', 'deployments', '-o', 'yaml', '-w'])
    await cli.printed('name: web')
    server.seed({ ...deployment('web', 'nginx:v1', ['h1', 'h2']) })
    await cli.printed('- h2')
    const docs = parseAllDocuments((await cli.stop()).stdout).map((d) => d.toJS())
    expect(docs.map((d) => d.spec.hosts)).toEqual([['h1'], ['h1', 'h2']])
    await until(() => server.watches.open === 0)

    const only = startHeliosctl(server.url, ['get', 'deployment', 'web', '-o', 'json', '--watch-only'])
    await until(() => server.watches.open === 1)
    server.seed({ ...deployment('web', 'nginx:v1', ['h3']) })
    await only.printed('"h3"')
    const out = (await only.stop()).stdout
    expect(JSON.parse(out).spec.hosts).toEqual(['h3'])
  })

  test('a deployment table shows READY from its Tasks; an unknown name is NotFound, exit 1', async () => {
    server.seed(nginx, deployment('web', 'nginx:v1', ['h1']), task(nginx, 'h1', { state: 'RUNNING' }, 'web'))
    const cli = startHeliosctl(server.url, ['get', 'deployment', 'web', '-w'])
    await cli.printed('1/1')
    expect((await cli.stop()).stdout).toMatch(/^NAME .* READY .*\nweb .* 1\/1 /)
    expect(await heliosctl(server.url, ['get', 'deployment', 'nope', '-w'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "nope" not found\nhint: check the name: heliosctl get deployments lists them\n',
    })
  })
})
