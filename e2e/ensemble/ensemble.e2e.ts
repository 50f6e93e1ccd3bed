// An apiserver on a three-node ZooKeeper ensemble: one member down changes nothing; two down (no quorum) make the
// API answer 503 Unavailable while the container keeps serving; both back, everything converges on the same container.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type AgentHandle,
  type ApiserverHandle,
  agentName,
  assertDocker,
  curl,
  type EnsembleHandle,
  freePort,
  heliosctl,
  inspectContainer,
  removeContainersByLabel,
  startAgent,
  startApiserver,
  startEnsemble,
  waitFor,
  waitHostsUp,
  waitRunning,
  zkMode,
} from '../harness.js'

let ensemble: EnsembleHandle
let apiserver: ApiserverHandle
let agent: AgentHandle
let host: string
let port: number
let containerId: string
let startedAt: string
const task = () => `ens-v1@${host}`
const answers = async () => (await curl(`http://127.0.0.1:${port}/`))?.status === 200
const jobs = () => curl(`${apiserver.url}/apis/helios/v1/jobs`)

beforeAll(async () => {
  await assertDocker()
  ensemble = await startEnsemble()
  apiserver = await startApiserver({ zk: ensemble.connect })
  host = agentName('ensemble')
  agent = await startAgent({ name: host, server: apiserver.url })
  await waitHostsUp(apiserver.url, [host])
  port = await freePort()
  const ctl = (...args: string[]) => heliosctl(args, { server: apiserver.url })
  expect((await ctl('create', 'ens:v1', 'helios-test/busybox:latest', '-p', `http=80:${port}`)).code).toBe(0)
  expect((await ctl('deploy', 'ens:v1', host)).code).toBe(0)
  containerId = (await waitRunning(apiserver.url, task())).containerId ?? ''
  startedAt = (await inspectContainer(containerId)).State.StartedAt
  expect(await answers()).toBe(true)
})

afterAll(async () => {
  await agent?.stop()
  if (host) await removeContainersByLabel(`helios.host=${host}`)
  await apiserver?.stop()
  await ensemble?.stop()
})

test('one member down: the API keeps answering, reads and writes', async () => {
  const [first] = ensemble.members
  await first?.kill9()
  await waitFor(async () => (await jobs())?.status === 200, { timeoutMs: 15_000, what: 'the API to answer 200' })
  const ctl = await heliosctl(['create', 'ens-one-down:v1', 'helios-test/busybox:latest'], { server: apiserver.url })
  expect(ctl.code).toBe(0)
})

test('two members down: 503 Unavailable naming ZooKeeper; the container keeps serving', async () => {
  const [, second, third] = ensemble.members
  await second?.kill9()
  // The last member serves until it notices the lost quorum (up to syncLimit × tickTime).
  await waitFor(async () => (await zkMode(third?.port ?? 0)) === undefined, {
    timeoutMs: 30_000,
    what: 'the last ZooKeeper member to stop serving without a quorum',
  })
  const reply = await waitFor(
    async () => {
      const r = await jobs()
      return r?.status === 503 ? r : undefined
    },
    { timeoutMs: 30_000, what: 'the API to answer 503' },
  )
  expect(reply.body).toMatch(/ZooKeeper at 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+ is unreachable/)
  expect((await jobs())?.status).toBe(503)
  expect(await answers()).toBe(true)
  expect((await inspectContainer(containerId)).State.Running).toBe(true)
})

test('both back: the API answers again and the Task is RUNNING in the same container', async () => {
  const [first, second] = ensemble.members
  await Promise.all([first?.restart(), second?.restart()])
  await waitFor(async () => (await jobs())?.status === 200, { timeoutMs: 60_000, what: 'the API to answer 200 again' })
  const status = await waitRunning(apiserver.url, task(), { timeoutMs: 30_000 })
  expect(status.containerId).toBe(containerId)
  const inspected = await inspectContainer(containerId)
  expect(inspected.State.Running).toBe(true)
  expect(inspected.State.StartedAt).toBe(startedAt) // never restarted
  expect(await answers()).toBe(true)
})
