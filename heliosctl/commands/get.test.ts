import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, deployment, host, JOB, job, task } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

describe('get', () => {
  test('a table per kind; kind aliases; -l is sent as labelSelector', async () => {
    server.seed(host('web1', {}, { role: 'web' }), host('db1', {}, { role: 'db' }))
    const result = await heliosctl(server.url, ['get', 'nodes', '-l', 'role=web'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^NAME {3}STATUS {3}LABELS {5}AGE\nweb1 {3}UP {7}role=web {3}\d+[smhd]\n$/)
    expect(server.requests).toEqual(['GET /apis/helios/v1/hosts?labelSelector=role%3Dweb'])
  })

  test('deployments list their Tasks for READY', async () => {
    const nginx = job('nginx:v1')
    server.seed(nginx, deployment('nginx', 'nginx:v1', ['web1']), task(nginx, 'web1', { state: 'RUNNING' }, 'nginx'))
    const result = await heliosctl(server.url, ['get', 'deploy', 'nginx'])
    expect(result.stdout.split('\n')[1]).toMatch(
      /^nginx {3}nginx:v1 {3}web1 {4}IDLE {4}<none> {5}<none> {7}1\/1 {5}\d+[smhd]$/,
    )
    expect(server.requests).toContain('GET /apis/helios/v1/tasks?fieldSelector=spec.deployment%3Dnginx')
  })

  test('-o json prints the object, a list as a List; -o yaml as YAML', async () => {
    await heliosctl(server.url, ['apply', '-f', '-'], { stdin: `${JOB}---\n${DEPLOYMENT}` })
    const one = JSON.parse((await heliosctl(server.url, ['get', 'job', 'nginx:v1', '-o', 'json'])).stdout)
    expect(one.status.id).toMatch(/^nginx:v1:[0-9a-f]{40}$/)
    const list = parse((await heliosctl(server.url, ['get', 'deployments', '-o', 'yaml'])).stdout)
    expect(list.kind).toBe('List')
    expect(list.items[0].spec).toMatchObject({ job: 'nginx:v1', hosts: ['web1'] })
  })

  test('NotFound reads `job "x" not found`, exit 1; an empty list says so on stderr', async () => {
    expect(await heliosctl(server.url, ['get', 'job', 'x:1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: job "x:1" not found\nhint: check the name: heliosctl get jobs lists them\n',
    })
    expect(await heliosctl(server.url, ['get', 'tasks'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found.\n',
    })
  })
})

describe('delete', () => {
  test('-f deletes Deployments before Jobs; what is already gone is NotFound (exit 1)', async () => {
    server.seed(job('nginx:v1'), deployment('nginx', 'nginx:v1', ['web1']))
    const result = await heliosctl(server.url, ['delete', '-f', '-'], { stdin: `${JOB}---\n${DEPLOYMENT}` })
    expect(result).toEqual({ code: 0, stdout: 'deployment/nginx deleted\njob/nginx:v1 deleted\n', stderr: '' })
    const again = await heliosctl(server.url, ['delete', '-f', '-'], { stdin: JOB })
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: job "nginx:v1" not found\nhint: check the name: heliosctl get jobs lists them\n',
    })
  })

  test('KIND NAME: deleted, or not found (exit 1); a Job in use is the server 409, exit 1', async () => {
    server.seed(job('nginx:v1'), deployment('nginx', 'nginx:v1', ['web1']))
    const inUse = await heliosctl(server.url, ['delete', 'job', 'nginx:v1'])
    expect(inUse).toEqual({ code: 1, stdout: '', stderr: 'error: job "nginx:v1" is used by deployments nginx\n' })
    expect((await heliosctl(server.url, ['delete', 'deployment', 'nginx'])).stdout).toBe('deployment/nginx deleted\n')
    expect((await heliosctl(server.url, ['delete', 'deployment', 'nginx'])).stderr).toBe(
      'error: deployment "nginx" not found\nhint: check the name: heliosctl get deployments lists them\n',
    )
    expect((await heliosctl(server.url, ['delete', 'deployment'])).code).toBe(2)
  })
})
