// Losing the control plane, the engine or the agent itself never stops a service for long: the agent restarts a
// killed container without the apiserver or ZooKeeper, flushes the queued status when they return, reconnects to
// the engine, keeps dynamic ports stable, and never leaves two containers for a Task after a crash mid-create.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type AgentHandle,
  type Cluster,
  containerIds,
  curl,
  docker,
  type EngineProxy,
  freePort,
  inspectContainer,
  startCluster,
  startEngineProxy,
  waitAgentLog,
  waitFor,
  waitRunning,
} from '../harness.js'

let cluster: Cluster
let agent: AgentHandle
let engine: EngineProxy
const host = `e2e-outages-${process.pid}`
const svc = `svc-v1@${host}`
let svcPort: number
let svcId: string
const ctl = (...args: string[]) => cluster.ctl(args)
const answers = async (port: number) => (await curl(`http://127.0.0.1:${port}/`))?.status === 200

async function deploy(job: string, ...portFlags: string[]) {
  expect((await ctl('create', job, 'helios-test/busybox:latest', ...portFlags)).code).toBe(0)
  expect((await ctl('deploy', job, host)).code).toBe(0)
  return waitRunning(cluster.server, `${job.replace(':', '-')}@${host}`)
}

/** Kills svc's container and waits until the agent alone has a new one answering; returns its id. */
async function killAndWaitRestartedLocally(): Promise<string> {
  expect((await docker(['kill', svcId])).code).toBe(0)
  return waitFor(
    async () => {
      const [id, ...more] = await containerIds([`helios.task=${svc}`])
      return id && more.length === 0 && id !== svcId && (await answers(svcPort)) ? id : undefined
    },
    { timeoutMs: 20_000, what: `${svc} restarted in a new container, answering on :${svcPort}` },
  )
}

beforeAll(async () => {
  svcPort = await freePort()
  // The agent reaches the engine through a proxy that can cut it off like a dockerd restart does.
  engine = await startEngineProxy()
  cluster = await startCluster({ agents: [{ name: host }], agentEnv: { DOCKER_HOST: engine.dockerHost } })
  agent = cluster.agent(host)
  svcId = (await deploy('svc:v1', '-p', `http=80:${svcPort}`)).containerId ?? ''
})
afterAll(async () => {
  await cluster?.stop()
  await engine?.close()
})

test('apiserver down: a killed container is restarted anyway; back up, the Task shows the new container', async () => {
  await cluster.apiserver.stop()
  const restarted = await killAndWaitRestartedLocally()
  await cluster.apiserver.restart()
  const status = await waitRunning(cluster.server, svc, { not: svcId, timeoutMs: 30_000 })
  expect(status.containerId).toBe(restarted)
  svcId = restarted
})

test('ZooKeeper down: a killed container is restarted anyway; back up, the queued status is flushed', async () => {
  await cluster.zk.kill9()
  const restarted = await killAndWaitRestartedLocally()
  await cluster.zk.restart()
  const status = await waitRunning(cluster.server, svc, { not: svcId, timeoutMs: 60_000 })
  expect(status.containerId).toBe(restarted)
  svcId = restarted
})

test('engine gone (as in a dockerd restart, containers killed): the agent reconnects and restores the Task', async () => {
  engine.cut()
  try {
    expect((await docker(['kill', svcId])).code).toBe(0) // a stopping dockerd takes its containers down
    // The outage lasts until the agent has tried to reach its engine again and been refused.
    await waitFor(async () => engine.refused >= 2, { timeoutMs: 20_000, what: 'the agent to retry its engine' })
    expect(await answers(svcPort)).toBe(false)
  } finally {
    engine.restore()
  }
  const status = await waitRunning(cluster.server, svc, { not: svcId, timeoutMs: 60_000 })
  expect(await containerIds([`helios.task=${svc}`])).toEqual([status.containerId])
  await waitFor(() => answers(svcPort), { timeoutMs: 10_000, what: `:${svcPort} answering again` })
  svcId = status.containerId ?? ''
})

test('a dynamic port stays the same across an agent restart and a container removed while it was down', async () => {
  const first = await deploy('dyn:v1', '-p', 'http=80')
  const port = first.ports?.http?.externalPort ?? 0
  expect(port).toBeGreaterThan(0)
  await waitFor(() => answers(port), { timeoutMs: 10_000, what: `dyn answering on :${port}` })

  await agent.restart()
  await waitAgentLog(agent, '"tasks synced"')
  const adopted = await waitRunning(cluster.server, `dyn-v1@${host}`)
  expect(adopted.containerId).toBe(first.containerId)
  expect(adopted.ports?.http?.externalPort).toBe(port)

  await agent.stop()
  expect((await docker(['rm', '-f', first.containerId ?? ''])).code).toBe(0)
  await agent.restart()
  const recreated = await waitRunning(cluster.server, `dyn-v1@${host}`, { not: first.containerId })
  expect(recreated.ports?.http?.externalPort).toBe(port)
  expect((await inspectContainer(recreated.containerId ?? '')).HostConfig.PortBindings).toEqual({
    '80/tcp': [{ HostIp: '', HostPort: String(port) }],
  })
  await waitFor(() => answers(port), { timeoutMs: 10_000, what: `dyn answering on :${port} again` })
})

test('kill -9 of the agent between create and start: after its restart exactly one container runs the Task', async () => {
  const port = await freePort()
  const task = `crash-v1@${host}`
  const original = await inspectContainer((await deploy('crash:v1', '-p', `http=80:${port}`)).containerId ?? '')
  // Rewind to the instant the agent died: its container created (name, labels, ports as it makes them), not started.
  await agent.kill9()
  expect((await docker(['rm', '-f', original.Id])).code).toBe(0)
  const labels = Object.entries(original.Config.Labels).flatMap(([k, v]) => ['--label', `${k}=${v}`])
  const name = original.Name.replace(/^\//, '')
  const created = await docker([
    'create',
    '--name',
    name,
    '--init',
    '-p',
    `${port}:80`,
    ...labels,
    'helios-test/busybox:latest',
  ])
  expect(created.code).toBe(0)
  const createdId = created.stdout.trim()

  await agent.restart()
  const status = await waitRunning(cluster.server, task, { not: original.Id })
  expect(status.containerId).toBe(createdId)
  expect(await containerIds([`helios.task=${task}`], { all: true })).toEqual([createdId])
  expect((await inspectContainer(createdId)).State.Running).toBe(true)
  await waitFor(() => answers(port), { timeoutMs: 10_000, what: `crash:v1 answering on :${port}` })
})
