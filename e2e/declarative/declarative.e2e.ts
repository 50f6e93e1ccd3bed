// apply -f a folder → running and answering; the same apply again changes nothing; delete -f → gone.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, curl, docker, freePort, heliosctl, startCluster, waitFor } from '../harness.js'
import { inputDir, renderInput } from '../input.js'

let cluster: Cluster
let host: string
let port: number
let folder: string
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url })
const containers = async () =>
  (await docker(['ps', '-q', '--no-trunc', '--filter', `label=helios.host=${host}`])).stdout.trim()

beforeAll(async () => {
  host = `e2e-decl-${process.pid}`
  port = await freePort()
  folder = renderInput(inputDir(import.meta.url), { HOST: host, PORT: port })
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
})
afterAll(async () => {
  await cluster?.stop()
})

test('apply a folder, re-apply it unchanged, delete it', async () => {
  const applied = await ctl('apply', '-f', folder)
  expect(applied.stderr).toBe('')
  expect(applied.code).toBe(0)
  expect(applied.stdout).toContain('job/decl-web:v1 created')
  expect(applied.stdout).toContain('deployment/decl-web created')

  const page = await waitFor(() => curl(`http://127.0.0.1:${port}/`), {
    timeoutMs: 60_000,
    what: 'the service to answer',
  })
  expect(page.body).toContain('hello from helios')
  const running = await waitFor(
    async () => {
      const out = await ctl('get', 'tasks', '-o', 'json')
      return out.stdout.includes('"RUNNING"') ? out : undefined
    },
    { timeoutMs: 30_000, what: 'task RUNNING' },
  )
  expect(running.code).toBe(0)
  const containerId = await containers()
  expect(containerId).toMatch(/^[0-9a-f]{64}$/)

  const again = await ctl('apply', '-f', folder)
  expect(again.code).toBe(0)
  expect(again.stdout).toContain('job/decl-web:v1 unchanged')
  expect(again.stdout).toContain('deployment/decl-web unchanged')
  // Give the controllers and the agent a moment in which they could (wrongly) act, then check nothing moved.
  await new Promise((r) => setTimeout(r, 3000))
  expect(await containers()).toBe(containerId)

  const deleted = await ctl('delete', '-f', folder)
  expect(deleted.code).toBe(0)
  await waitFor(async () => ((await containers()) === '' ? true : undefined), {
    timeoutMs: 60_000,
    what: 'the container to be removed',
  })
  const jobs = await ctl('get', 'jobs', '-o', 'json')
  expect(jobs.stdout).not.toContain('decl-web:v1')
  expect((await ctl('get', 'deployment', 'decl-web')).code).not.toBe(0)
})
