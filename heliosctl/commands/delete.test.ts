import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, deployment, JOB, job } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('nginx:v1'), deployment('nginx', 'nginx:v1', ['web1']))
})
afterEach(() => server.close())

const labelled = (name: string, team: string) => {
  const d = deployment(name, 'nginx:v1', ['web1'])
  return { ...d, metadata: { ...d.metadata, labels: { team } } }
}

describe('delete', () => {
  test('KIND/NAME…: Deployments before the Jobs they use, whatever the order given', async () => {
    const result = await heliosctl(server.url, ['delete', 'job/nginx:v1', 'deploy/nginx'])
    expect(result).toEqual({ code: 0, stdout: 'deployment/nginx deleted\njob/nginx:v1 deleted\n', stderr: '' })
  })

  test('KIND NAME NAME: several of one kind', async () => {
    server.seed(deployment('other', 'nginx:v1', ['web1']))
    const result = await heliosctl(server.url, ['delete', 'deployments', 'nginx', 'other'])
    expect(result.stdout).toBe('deployment/nginx deleted\ndeployment/other deleted\n')
  })

  test('missing objects: the others are deleted, then NotFound (exit 1); --ignore-not-found exit 0', async () => {
    const result = await heliosctl(server.url, ['delete', 'deployment', 'gone', 'nginx', 'lost'])
    expect(result).toEqual({
      code: 1,
      stdout: 'deployment/nginx deleted\n',
      stderr: 'error: not found: deployment/gone, deployment/lost\n',
    })
    const ignored = await heliosctl(server.url, ['delete', 'deployment/gone', '--ignore-not-found'])
    expect(ignored).toEqual({ code: 0, stdout: '', stderr: '' })
    const file = await heliosctl(server.url, ['delete', '-f', '-', '--ignore-not-found'], {
      stdin: `${JOB}---\n${DEPLOYMENT}`,
    })
    expect(file).toEqual({ code: 0, stdout: 'job/nginx:v1 deleted\n', stderr: '' })
  })

  test('-l SELECTOR deletes the matching objects of KIND; none matching is exit 0', async () => {
    server.seed(labelled('a', 'web'), labelled('b', 'web'), labelled('c', 'db'))
    const result = await heliosctl(server.url, ['delete', 'deployment', '-l', 'team=web'])
    expect(result).toEqual({ code: 0, stdout: 'deployment/a deleted\ndeployment/b deleted\n', stderr: '' })
    expect(server.stored('Deployment', 'c')).toBeDefined()
    const none = await heliosctl(server.url, ['delete', 'deployment', '-l', 'team=web'])
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'No resources found.\n' })
  })

  test('usage errors (exit 2): nothing, a kind alone, mixed shapes, -f with names, -l with names', async () => {
    for (const argv of [
      ['delete'],
      ['delete', 'deployment'],
      ['delete', 'deployment/nginx', 'nginx'],
      ['delete', 'deployment', 'nginx', 'job/nginx:v1'],
      ['delete', 'deployment/'],
      ['delete', 'widget', 'x'],
      ['delete', '-f', '-', 'deployment', 'nginx'],
      ['delete', 'deployment', 'nginx', '-l', 'a=b'],
    ]) {
      const result = await heliosctl(server.url, argv, { stdin: JOB })
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 })
    }
    expect(server.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })
})
