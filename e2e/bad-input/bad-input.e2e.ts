// Bad input gets one clear line naming file, object and field, a non-zero exit, and the stored state stays intact.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Cluster, curl, freePort, heliosctl, startCluster, waitFor } from '../harness.js'

let cluster: Cluster
let host: string
let port: number
const dir = mkdtempSync(join(tmpdir(), 'helios-bad-input-'))
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url })
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const job = (name: string, spec: string) =>
  `apiVersion: helios/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n${spec}\n`
const deployment = (name: string, jobName: string) =>
  `apiVersion: helios/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  job: ${jobName}\n  hosts: [${host}]\n`
const storedJobs = async () => (await ctl('jobs', '-q')).stdout.trim().split('\n').filter(Boolean).sort()

beforeAll(async () => {
  host = `e2e-bad-${process.pid}`
  port = await freePort()
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
  const good = file(
    'good.yaml',
    job(
      'good:v1',
      `  image: helios-test/busybox:latest\n  ports:\n    http: {internalPort: 80, externalPort: ${port}}`,
    ),
  )
  expect((await ctl('apply', '-f', good)).code).toBe(0)
  expect((await ctl('apply', '-f', file('good-deploy.yaml', deployment('good', 'good:v1')))).code).toBe(0)
  await waitFor(() => curl(`http://127.0.0.1:${port}/`), { timeoutMs: 60_000, what: 'good:v1 answering' })
})
afterAll(async () => {
  await cluster?.stop()
})

describe('manifests', () => {
  test('malformed YAML names the file and line; nothing stored', async () => {
    const bad = file('broken.yaml', 'apiVersion: helios/v1\nkind: Job\nmetadata: {name: [oops\n')
    const out = await ctl('apply', '-f', bad)
    expect(out.code).not.toBe(0)
    expect(out.stderr).toMatch(/broken\.yaml:\d+:\d+: malformed YAML/)
    expect(await storedJobs()).toEqual([expect.stringMatching(/^good:v1:/)])
  })

  test.each([
    ['unknown field', '  image: helios-test/busybox:latest\n  imagee: typo', 'spec.imagee'],
    ['wrong type', '  image: helios-test/busybox:latest\n  command: "sleep 5"', 'spec.command'],
    [
      'impossible port',
      '  image: helios-test/busybox:latest\n  ports:\n    http: {internalPort: 80, externalPort: 70000}',
      'spec.ports.http.externalPort',
    ],
    ['empty image', '  image: ""', 'spec.image'],
    [
      'two containers of a composite Job claiming one port',
      '  image: helios-test/busybox:latest\n  ports: {http: {internalPort: 80}}\n  containers:\n    - {name: side, image: helios-test/busybox:latest, ports: {web: {internalPort: 80}}}',
      'spec.containers[0].ports.web.internalPort: port 80/tcp is also claimed by port "http" of container "main"',
    ],
  ])('%s names the field path; a good file next to it is not applied either', async (_what, spec, field) => {
    const folder = mkdtempSync(join(tmpdir(), 'helios-bad-folder-'))
    writeFileSync(join(folder, 'a-ok.yaml'), job('fine:v1', '  image: helios-test/busybox:latest'))
    writeFileSync(join(folder, 'b-bad.yaml'), job('bad:v1', spec))
    const out = await ctl('apply', '-f', folder)
    expect(out.code).not.toBe(0)
    expect(out.stderr).toContain('b-bad.yaml')
    expect(out.stderr).toContain('Job "bad:v1"')
    expect(out.stderr).toContain(field)
    expect(await storedJobs()).toEqual([expect.stringMatching(/^good:v1:/)])
  })

  test.each([
    [
      'a host selector with bad syntax',
      'hostSelector: ["role ~ web"]',
      'spec.hostSelector[0]: invalid host selector "role ~ web"',
    ],
    ['parallelism out of range', 'rollout: {parallelism: 0}', 'spec.rollout.parallelism: parallelism is at least 1'],
    ['a rollout timeout out of range', 'rollout: {timeout: 100000}', 'spec.rollout.timeout'],
    ['zero replicas', 'replicas: 0', 'spec.replicas: replicas is at least 1'],
  ])('a Deployment with %s names the field; the Job next to it is not applied either', async (_what, field, named) => {
    const folder = mkdtempSync(join(tmpdir(), 'helios-bad-fleet-'))
    writeFileSync(join(folder, 'a-ok.yaml'), job('fleet:v1', '  image: helios-test/busybox:latest'))
    writeFileSync(join(folder, 'b-bad.yaml'), `${deployment('fleet', 'fleet:v1')}  ${field}\n`)
    const out = await ctl('apply', '-f', folder)
    expect(out.code).not.toBe(0)
    expect(out.stderr).toContain('b-bad.yaml')
    expect(out.stderr).toContain('Deployment "fleet"')
    expect(out.stderr).toContain(named)
    expect(await storedJobs()).toEqual([expect.stringMatching(/^good:v1:/)])
    const deployments = JSON.parse((await ctl('get', 'deployments', '-o', 'json')).stdout) as {
      items: { metadata: { name: string } }[]
    }
    expect(deployments.items.map((d) => d.metadata.name)).toEqual(['good'])
  })

  test('an invalid name is refused', async () => {
    const out = await ctl(
      'apply',
      '-f',
      file('noversion.yaml', job('noversion', '  image: helios-test/busybox:latest')),
    )
    expect(out.code).not.toBe(0)
    expect(out.stderr).toContain('metadata.name')
  })

  test('a Deployment of a Job that does not exist is refused', async () => {
    const out = await ctl('apply', '-f', file('orphan.yaml', deployment('orphan', 'ghost:v1')))
    expect(out.code).not.toBe(0)
    expect(out.stderr).toContain('job "ghost:v1" not found')
    expect((await ctl('get', 'deployment', 'orphan')).code).not.toBe(0)
  })

  test('changing the spec of an existing name:version is refused with a hint to bump the version', async () => {
    const before = await storedJobs()
    const changed = file(
      'changed.yaml',
      job(
        'good:v1',
        `  image: helios-test/busybox:latest\n  env: {A: b}\n  ports:\n    http: {internalPort: 80, externalPort: ${port}}`,
      ),
    )
    const out = await ctl('apply', '-f', changed)
    expect(out.code).not.toBe(0)
    expect(out.stderr).toContain('bump the version')
    expect(await storedJobs()).toEqual(before)
  })
})

describe('runtime', () => {
  test('a second Job asking for the same static host port on the same host is refused; the first keeps running', async () => {
    expect((await ctl('create', 'clash:v1', 'helios-test/busybox:latest', '-p', `http=80:${port}`)).code).toBe(0)
    const out = await ctl('deploy', 'clash:v1', host)
    expect(out.code).not.toBe(0)
    expect(`${out.stdout}${out.stderr}`).toContain(`port ${port}/tcp`)
    expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  })

  test('an image that is absent and cannot be pulled fails its Task with the image named; others are unaffected', async () => {
    expect((await ctl('create', 'ghost-image:v1', 'helios-test/does-not-exist:1')).code).toBe(0)
    expect((await ctl('deploy', 'ghost-image:v1', host)).code).toBe(0)
    const status = await waitFor(
      async () => {
        const out = await ctl('status', '--job', 'ghost-image:v1')
        return out.stdout.includes('FAILED') ? out : undefined
      },
      { timeoutMs: 90_000, what: 'ghost-image task FAILED' },
    )
    expect(status.stdout).toContain('helios-test/does-not-exist:1')
    expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  })

  test('an unreachable apiserver gives one line naming the URL and a non-zero exit', async () => {
    const out = await heliosctl(['jobs'], { server: 'http://127.0.0.1:1' })
    expect(out.code).not.toBe(0)
    expect(out.stderr.split('\n')[0]).toContain('http://127.0.0.1:1')
    expect(out.stdout).toBe('')
  })
})
