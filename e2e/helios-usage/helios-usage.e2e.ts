// Helios' README usage example, verb for verb, through the real CLI against ZooKeeper, the apiserver, an agent and Docker.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, curl, docker, freePort, heliosctl, startCluster, waitFor } from '../harness.js'

let cluster: Cluster
let host: string
let port: number
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url })

beforeAll(async () => {
  host = `e2e-usage-${process.pid}`
  port = await freePort()
  cluster = await startCluster({ agents: [{ name: host, labels: { role: 'web' } }] })
})
afterAll(async () => {
  await cluster?.stop()
})

test('create, jobs, hosts, deploy, status, curl, undeploy -a, remove', async () => {
  const created = await ctl('create', 'nginx:v1', 'helios-test/busybox:latest', '-p', `http=80:${port}`)
  expect(created.stderr).toBe('')
  expect(created.code).toBe(0)
  expect(created.stdout).toMatch(/nginx:v1:[0-9a-f]{40}/)

  const jobs = await ctl('jobs')
  expect(jobs.code).toBe(0)
  expect(jobs.stdout).toMatch(/nginx:v1:[0-9a-f]{7}\s+nginx\s+v1/)

  const hosts = await waitFor(
    async () => {
      const out = await ctl('hosts')
      return out.stdout.includes(host) && /\bUp\b/.test(out.stdout) ? out : undefined
    },
    { timeoutMs: 30_000, what: `host ${host} listed as Up` },
  )
  expect(hosts.code).toBe(0)

  const deployed = await ctl('deploy', 'nginx:v1', host)
  expect(deployed.code).toBe(0)
  expect(deployed.stdout).toContain(`${host}: done`)

  const status = await waitFor(
    async () => {
      const out = await ctl('status', '--job', 'nginx:v1')
      return out.stdout.includes('RUNNING') ? out : undefined
    },
    { timeoutMs: 60_000, what: 'status RUNNING' },
  )
  expect(status.stdout).toContain(host)
  expect(status.stdout).toContain(`http=80:${port}`)

  const page = await waitFor(() => curl(`http://127.0.0.1:${port}/`), { timeoutMs: 20_000, what: 'curl answers' })
  expect(page.status).toBe(200)
  expect(page.body).toContain('hello from helios')

  const undeployed = await ctl('undeploy', '-a', 'nginx:v1')
  expect(undeployed.code).toBe(0)
  await waitFor(
    async () => {
      const ps = await docker(['ps', '-aq', '--filter', `label=helios.host=${host}`])
      return ps.stdout.trim() === '' ? true : undefined
    },
    { timeoutMs: 60_000, what: 'the container to be removed' },
  )
  expect(await curl(`http://127.0.0.1:${port}/`)).toBeUndefined()

  const removed = await ctl('remove', 'nginx:v1')
  expect(removed.code).toBe(0)
  const after = await ctl('jobs', '--json')
  expect(after.code).toBe(0)
  expect(after.stdout).not.toContain('nginx:v1')
})
