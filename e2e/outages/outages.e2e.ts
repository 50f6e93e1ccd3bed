// Losing the control plane, the engine or the agent itself never stops a service for long: the agent restarts a
// killed container without the apiserver or ZooKeeper, flushes the queued status when they return, reconnects to
// the engine, keeps dynamic ports stable, and never leaves two containers for a Task after a crash mid-create.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type AgentHandle,
  type Cluster,
  containerIds,
  curl,
  docker,
  freePort,
  inspectContainer,
  type PrivateEngine,
  run,
  startCluster,
  startPrivateEngine,
  waitAgentLog,
  waitFor,
  waitRunning,
} from '../harness.js'

let cluster: Cluster
let agent: AgentHandle
let engine: PrivateEngine
const host = `e2e-outages-${process.pid}`
// This agent's engine is really restarted: a private dockerd, so the shared one and its users are not disturbed.
const engineHost = `e2e-outages-engine-${process.pid}`
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
  engine = await startPrivateEngine()
  cluster = await startCluster({
    // --verbose: the engine agent's log shows each retry while its engine is away.
    agents: [{ name: host }, { name: engineHost, env: { DOCKER_HOST: engine.host }, args: ['--verbose'] }],
  })
  agent = cluster.agent(host)
  svcId = (await deploy('svc:v1', '-p', `http=80:${svcPort}`)).containerId ?? ''
})
afterAll(async () => {
  await cluster?.stop()
  await engine?.dispose()
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

test('dockerd really restarted (a private engine; its containers die with it): the agent reconnects and restores the Task', async () => {
  const port = await freePort()
  const task = `eng-v1@${engineHost}`
  const engineAgent = cluster.agent(engineHost)
  const onEngine = async (...args: string[]) =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: engine.host } })).stdout
  const states = async () => {
    const out = await ctl('history', 'eng:v1', '--json')
    return (JSON.parse(out.stdout) as { events: { status: { state: string } }[] }).events.map((e) => e.status.state)
  }
  expect((await ctl('create', 'eng:v1', 'helios-test/busybox:latest', '-p', `http=80:${port}`)).code).toBe(0)
  expect((await ctl('deploy', 'eng:v1', engineHost)).code).toBe(0)
  const before = await waitRunning(cluster.server, task)
  await waitFor(() => answers(port), { timeoutMs: 10_000, what: `eng:v1 answering on :${port}` })

  await engine.stop()
  expect(await answers(port)).toBe(false)
  // The outage lasts until the agent has tried to reach its engine again, twice, and failed.
  const retries = async () => (await readFile(engineAgent.logFile, 'utf8')).split('events stream still down').length - 1
  await waitFor(async () => (await retries()) >= 2, { timeoutMs: 20_000, what: `${engineHost} to retry its engine` })
  expect(engineAgent.running).toBe(true)
  expect(await states()).not.toContain('FAILED')

  await engine.start()
  const after = await waitRunning(cluster.server, task, { not: before.containerId, timeoutMs: 60_000 })
  await waitFor(() => answers(port), { timeoutMs: 10_000, what: `eng:v1 answering on :${port} again` })
  await waitAgentLog(engineAgent, 'docker engine answers again')
  expect(engineAgent.running).toBe(true)
  expect(await states()).not.toContain('FAILED')
  expect(
    (await onEngine('ps', '-q', '--no-trunc', '--filter', `label=helios.task=${task}`)).split(/\s+/).filter(Boolean),
  ).toEqual([after.containerId])
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
