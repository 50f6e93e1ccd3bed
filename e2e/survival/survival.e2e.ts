// Losing the agent or the apiserver loses nothing: the container keeps running, is adopted, and watches resume.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, curl, docker, freePort, heliosctl, startCluster, waitFor } from '../harness.js'

let cluster: Cluster
let host: string
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url })

async function taskStatus(name: string): Promise<{ state?: string; containerId?: string } | undefined> {
  const out = await ctl('get', 'task', name, '-o', 'json')
  if (out.code !== 0) return undefined
  return (JSON.parse(out.stdout) as { status?: { state?: string; containerId?: string } }).status
}
const startedAt = async (id: string) => (await docker(['inspect', '-f', '{{.State.StartedAt}}', id])).stdout.trim()

async function deployAndWait(job: string, port: number) {
  expect((await ctl('create', job, 'helios-test/busybox:latest', '-p', `http=80:${port}`)).code).toBe(0)
  expect((await ctl('deploy', job, host)).code).toBe(0)
  const deployment = job.replace(':', '-')
  return waitFor(
    async () => {
      const status = await taskStatus(`${deployment}@${host}`)
      return status?.state === 'RUNNING' && status.containerId ? status.containerId : undefined
    },
    { timeoutMs: 60_000, what: `${job} RUNNING` },
  )
}

beforeAll(async () => {
  host = `e2e-survival-${process.pid}`
  // A short lease (and heartbeats well inside it) lets the DOWN check take seconds instead of 40.
  cluster = await startCluster({
    apiserverArgs: ['--host-lease-seconds', '4'],
    agents: [{ name: host, labels: {}, args: ['--heartbeat-seconds', '1'] }],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

test('kill -9 of the agent: the same container keeps running and is adopted, not restarted', async () => {
  const port = await freePort()
  const containerId = await deployAndWait('keep:v1', port)
  const before = await startedAt(containerId)
  const agent = cluster.agents[0]!

  await agent.kill9()
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  await agent.restart()

  // The restarted agent re-reports the task; the container must be the very same, never restarted.
  await new Promise((r) => setTimeout(r, 5000))
  const status = await waitFor(
    async () => {
      const s = await taskStatus(`keep-v1@${host}`)
      return s?.state === 'RUNNING' ? s : undefined
    },
    { timeoutMs: 30_000, what: 'RUNNING after agent restart' },
  )
  expect(status.containerId).toBe(containerId)
  expect(await startedAt(containerId)).toBe(before)
  const ours = (await docker(['ps', '-q', '--no-trunc', '--filter', `label=helios.host=${host}`])).stdout.trim()
  expect(ours).toBe(containerId)
})

test('apiserver stop and restart: nothing is lost and the agent resumes its watch', async () => {
  await cluster.apiserver.stop()
  await cluster.apiserver.restart()

  const jobs = await ctl('jobs', '--json')
  expect(jobs.code).toBe(0)
  expect(jobs.stdout).toContain('keep:v1')
  expect((await taskStatus(`keep-v1@${host}`))?.state).toBe('RUNNING')

  // A change made after the restart reaches the agent only if its watch resumed.
  const port = await freePort()
  await deployAndWait('after:v1', port)
  const page = await waitFor(() => curl(`http://127.0.0.1:${port}/`), {
    timeoutMs: 20_000,
    what: 'new service answers',
  })
  expect(page.status).toBe(200)
})

test('a silent agent makes its Host DOWN after the lease, its container keeps serving; back, it is UP again', async () => {
  const port = await freePort()
  await deployAndWait('lease:v1', port)
  const hostState = async () => {
    const out = await ctl('hosts', '--json')
    return (JSON.parse(out.stdout) as Record<string, { status?: string }>)[host]?.status
  }
  expect(await hostState()).toBe('UP')
  const agent = cluster.agents[0]!
  await agent.kill9()
  await waitFor(async () => ((await hostState()) === 'DOWN' ? true : undefined), {
    timeoutMs: 20_000,
    what: 'the host to be DOWN after a 4 s lease',
  })
  expect((await ctl('hosts')).stdout).toMatch(new RegExp(`${host} +Down`))
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  await agent.restart()
  await waitFor(async () => ((await hostState()) === 'UP' ? true : undefined), {
    timeoutMs: 20_000,
    what: 'the host to be UP again',
  })
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
})
