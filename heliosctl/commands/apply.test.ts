import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, JOB } from '../testing/fixtures.js'

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
    await writeFile(join(dir, 'b.yaml'), DEPLOYMENT.replace('hosts: [web1]', 'hosts: [web1], replicas: 3'))
    const result = await heliosctl(server.url, ['apply', '-f', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^error: .*b\.yaml: Deployment "nginx" is invalid: spec\.replicas: unknown field \(line \d+\)\n$/,
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
})
