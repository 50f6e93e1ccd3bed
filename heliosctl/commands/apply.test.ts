import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, JOB, job } from '../testing/fixtures.js'

let server: FakeApiserver
let dir: string
beforeEach(async () => {
  server = await startFakeApiserver()
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-apply-'))
})
afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const writes = () => server.requests.filter((r) => !r.startsWith('GET'))

describe('apply', () => {
  test('applies Jobs before Deployments whatever the file order, one line per object', async () => {
    await writeFile(join(dir, 'app.yaml'), `${DEPLOYMENT}---\n${JOB}`)
    const first = await heliosctl(server.url, ['apply', '-f', join(dir, 'app.yaml')])
    expect(first).toEqual({ code: 0, stdout: 'job/nginx:v1 created\ndeployment/nginx created\n', stderr: '' })
    const again = await heliosctl(server.url, ['apply', '-f', join(dir, 'app.yaml')])
    expect(again.stdout).toBe('job/nginx:v1 unchanged\ndeployment/nginx unchanged\n')
  })

  test('--dry-run asks the server and says so', async () => {
    const result = await heliosctl(server.url, ['apply', '--dry-run', '-f', '-'], { stdin: JOB })
    expect(result.stdout).toBe('job/nginx:v1 created (dry run)\n')
    expect(server.requests).toEqual(['POST /apis/helios/v1/apply?dryRun=true'])
    expect(server.stored('Job', 'nginx:v1')).toBeUndefined()
  })

  test('one invalid file among several: nothing is sent, the error names the file and field', async () => {
    await writeFile(join(dir, 'a.yaml'), JOB)
    await writeFile(join(dir, 'b.yaml'), DEPLOYMENT.replace('hosts: [web1]', 'hosts: [web1], replicaCount: 3'))
    const result = await heliosctl(server.url, ['apply', '-f', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^error: .*b\.yaml: Deployment "nginx" is invalid: spec\.replicaCount: unknown field \(line \d+\)\nhint: fix spec\.replicaCount and re-run\n$/,
    )
    expect(server.requests).toEqual([])
  })

  test('stops at the first server error and names the object', async () => {
    await writeFile(join(dir, 'a.yaml'), DEPLOYMENT)
    await writeFile(join(dir, 'b.yaml'), DEPLOYMENT.replace('name: nginx', 'name: other'))
    const result = await heliosctl(server.url, ['apply', '-f', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: deployment/nginx (')
    expect(result.stderr).toContain('a.yaml#1): job "nginx:v1" not found')
    expect(writes()).toEqual(['POST /apis/helios/v1/apply'])
  })

  test('-f is required; a Task manifest is refused before sending', async () => {
    expect((await heliosctl(server.url, ['apply'])).code).toBe(2)
    const task =
      'apiVersion: helios/v1\nkind: Task\nmetadata: {name: a@b}\nspec: {host: b, deployment: a, job: "x:1", jobId: "x:1:f", jobSpec: {image: x}, goal: START}\n'
    const result = await heliosctl(server.url, ['apply', '-f', '-'], { stdin: task })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Tasks are written by the deployment controller')
    expect(server.requests).toEqual([])
  })

  test('--prune --set: applies with the set, then prunes what left the folder; --dry-run prunes nothing', async () => {
    const other = (text: string) => text.replaceAll('nginx', 'web')
    await writeFile(join(dir, 'a.yaml'), `${JOB}---\n${DEPLOYMENT}`)
    await writeFile(join(dir, 'b.yaml'), `${other(JOB)}---\n${other(DEPLOYMENT)}`)
    const first = await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'demo'])
    expect(first.code).toBe(0)
    expect(server.requests[0]).toBe('POST /apis/helios/v1/apply?set=demo')
    expect(server.stored('Deployment', 'web')?.metadata.labels).toEqual({ 'helios/apply-set': 'demo' })
    await rm(join(dir, 'b.yaml'))
    const dry = await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'demo', '--dry-run'])
    expect(dry).toEqual({
      code: 0,
      stdout:
        'job/nginx:v1 unchanged (dry run)\ndeployment/nginx unchanged (dry run)\n' +
        'deployment/web pruned (dry run)\njob/web:v1 pruned (dry run)\n',
      stderr: '',
    })
    expect(server.stored('Deployment', 'web')).toBeDefined()
    const second = await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'demo'])
    expect(second.stdout).toBe(
      'job/nginx:v1 unchanged\ndeployment/nginx unchanged\ndeployment/web pruned\njob/web:v1 pruned\n',
    )
    expect(server.requests.at(-1)).toBe('POST /apis/helios/v1/applysets/demo/prune')
    expect(server.stored('Deployment', 'web')).toBeUndefined()
    expect(server.stored('Job', 'web:v1')).toBeUndefined()
    expect(server.stored('Deployment', 'nginx')).toBeDefined()
  })

  test('a Job still used outside the set is reported, not pruned', async () => {
    await writeFile(join(dir, 'a.yaml'), JOB)
    expect((await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'demo'])).code).toBe(0)
    await heliosctl(server.url, ['apply', '-f', '-'], { stdin: DEPLOYMENT })
    await writeFile(join(dir, 'a.yaml'), JOB.replaceAll('nginx', 'web'))
    const result = await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'demo'])
    expect(result).toEqual({
      code: 0,
      stdout: 'job/web:v1 created\n',
      stderr: 'warning: job/nginx:v1 not pruned: job "nginx:v1" is still used by deployments: nginx\n',
    })
  })

  test('--prune without --set, --set without --prune and a bad set name are usage errors (exit 2)', async () => {
    await writeFile(join(dir, 'a.yaml'), JOB)
    const noSet = await heliosctl(server.url, ['apply', '-f', dir, '--prune'])
    expect(noSet).toMatchObject({ code: 2, stderr: expect.stringContaining('--prune needs --set NAME') })
    expect((await heliosctl(server.url, ['apply', '-f', dir, '--set', 'demo'])).code).toBe(2)
    const bad = await heliosctl(server.url, ['apply', '-f', dir, '--prune', '--set', 'no way'])
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('apply set id "no way" is invalid') })
    expect(server.requests).toEqual([])
  })
})

describe('--token (Helios job tokens)', () => {
  const secretDeployment = DEPLOYMENT.replace('nginx:v1', 'secret:1')

  test('apply and delete of a Deployment of a token Job: refused without the token, done with it', async () => {
    server.seed(job('secret:1', { token: 's3cret' }))
    const refused = await heliosctl(server.url, ['apply', '-f', '-'], { stdin: secretDeployment })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/job "secret:1" is protected by a token; pass the right one with --token/)
    const applied = await heliosctl(server.url, ['apply', '-f', '-', '--token', 's3cret'], { stdin: secretDeployment })
    expect(applied).toEqual({ code: 0, stdout: 'deployment/nginx created\n', stderr: '' })
    expect((await heliosctl(server.url, ['delete', 'deployment', 'nginx'])).code).toBe(1)
    const deleted = await heliosctl(server.url, ['delete', 'deployment', 'nginx', '--token', 's3cret'])
    expect(deleted).toEqual({ code: 0, stdout: 'deployment/nginx deleted\n', stderr: '' })
  })
})
