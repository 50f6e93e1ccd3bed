// Two apiservers on one ZooKeeper, an agent and heliosctl given both (`--server a,b`): killing the apiserver the
// agent talks to, or freezing it (SIGSTOP: it accepts connections and never answers), stops neither. The agent keeps
// heartbeating through the other (its Host stays UP), its Task stays RUNNING in the same container, a new
// Deployment still reaches it (its watches moved), and heliosctl, given the dead or frozen one first, answers.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type AgentHandle,
  type ApiserverHandle,
  agentName,
  assertDocker,
  E2E_LOG_ROOT,
  heliosctl,
  randomId,
  removeContainersByLabel,
  sleep,
  startAgent,
  startApiserver,
  startZooKeeper,
  TEST_IMAGE,
  taskStatus,
  waitFor,
  waitHostsUp,
  waitRunning,
  type ZooKeeperHandle,
} from '../harness.js'
import { establishedPeers } from './connections.js'

const HEARTBEAT_S = 2
const LEASE_S = 10
/** Longer than the lease: a Host whose heartbeats stopped would be DOWN by the end of it. */
const WATCH_MS = 2.5 * LEASE_S * 1000

let zk: ZooKeeperHandle
let apiservers: ApiserverHandle[] = []
let agent: AgentHandle
const host = agentName('failover')
const both = () => apiservers.map((a) => a.url).join(',')

beforeAll(async () => {
  rmSync(join(E2E_LOG_ROOT, 'failover'), { recursive: true, force: true })
  await assertDocker()
  zk = await startZooKeeper()
  const zkRoot = `/helios-e2e-failover-${randomId()}`
  const extraArgs = ['--zk-session-timeout', '6', '--host-lease-seconds', String(LEASE_S)]
  apiservers = [
    await startApiserver({ zk: zk.connect, zkRoot, extraArgs }),
    await startApiserver({ zk: zk.connect, zkRoot, extraArgs }),
  ]
  agent = await startAgent({ name: host, server: both(), extraArgs: ['--heartbeat-seconds', String(HEARTBEAT_S)] })
  await waitHostsUp(both(), [host])
})

afterAll(async () => {
  for (const a of apiservers) if (a.pid) process.kill(a.pid, 'SIGCONT')
  await agent?.stop()
  await removeContainersByLabel(`helios.host=${host}`)
  for (const a of apiservers) await a.stop()
  await zk?.stop()
})

/** `create` + `deploy` through heliosctl given `servers` (the failed one first); the Task's name. */
async function deploy(servers: string, flags: string[] = []): Promise<string> {
  const job = `failover-${randomId()}:v1`
  for (const args of [
    ['create', job, TEST_IMAGE],
    ['deploy', job, host],
  ]) {
    const res = await heliosctl([...flags, ...args], { server: servers })
    expect(res, `heliosctl ${args.join(' ')}`).toMatchObject({ code: 0 })
  }
  return `${job.replace(':', '-')}@${host}`
}

/**
 * The apiserver the agent talks to now: the only one it holds connections to (its watches are long-lived). It
 * starts at a random one of the list and stays there until that one fails.
 */
function agentServer(): ApiserverHandle | undefined {
  const peers = establishedPeers(agent.pid as number)
  const held = apiservers.filter((a) => (peers.get(a.port) ?? 0) > 0)
  return held.length === 1 ? held[0] : undefined
}

/**
 * For WATCH_MS, through heliosctl given `servers` (the failed one first): the Host stays UP with a heartbeat that
 * keeps moving, the Task stays RUNNING in `containerId`; returns how many heartbeats were seen.
 */
async function holdsFor(servers: string, task: string, containerId: string, flags: string[] = []): Promise<number> {
  const heartbeats = new Set<string>()
  const until = Date.now() + WATCH_MS
  while (Date.now() < until) {
    const res = await heliosctl([...flags, 'get', 'host', host, '-o', 'json'], { server: servers })
    expect(res, 'heliosctl get host').toMatchObject({ code: 0 })
    const status = (JSON.parse(res.stdout) as { status?: { state?: string; lastHeartbeat?: string } }).status
    expect(status?.state, `host ${host}`).toBe('UP')
    if (status?.lastHeartbeat) heartbeats.add(status.lastHeartbeat)
    const tasks = await heliosctl([...flags, 'get', 'task', task, '-o', 'json'], { server: servers })
    expect(tasks, 'heliosctl get task').toMatchObject({ code: 0 })
    expect(JSON.parse(tasks.stdout).status).toMatchObject({ state: 'RUNNING', containerId })
    await sleep(1_000)
  }
  return heartbeats.size
}

test('SIGKILL of the apiserver the agent uses: it heartbeats through the other, its Task keeps RUNNING', async () => {
  const task = await deploy(both())
  const { containerId } = await waitRunning(both(), task)
  const used = await waitFor(async () => agentServer(), { timeoutMs: 20_000, what: "the agent's one apiserver" })
  const other = apiservers.find((a) => a !== used) as ApiserverHandle
  await used.kill9()
  const deadFirst = `${used.url},${other.url}`

  const beats = await holdsFor(deadFirst, task, containerId ?? '')
  console.log(`after SIGKILL of ${used.url}: ${beats} distinct heartbeats in ${WATCH_MS / 1000} s through ${other.url}`)
  expect(beats).toBeGreaterThan(2)
  // New work reaches the agent through the survivor (its watch moved; the survivor's controllers made the Task).
  const second = await deploy(deadFirst)
  await waitRunning(other.url, second)
  expect(agent.running).toBe(true)
  await used.restart()
})

test('SIGSTOP of the apiserver the agent uses: requests to it time out, and everything moves to the other', async () => {
  const task = await deploy(both())
  const { containerId } = await waitRunning(both(), task)
  const frozen = await waitFor(async () => agentServer(), { timeoutMs: 20_000, what: "the agent's one apiserver" })
  const alive = apiservers.find((a) => a !== frozen) as ApiserverHandle
  process.kill(frozen.pid as number, 'SIGSTOP')
  try {
    const frozenFirst = `${frozen.url},${alive.url}`
    // A frozen apiserver costs heliosctl one --request-timeout per run, then the other answers.
    const flags = ['--request-timeout', '2s']
    const beats = await holdsFor(frozenFirst, task, containerId ?? '', flags)
    console.log(`while ${frozen.url} is frozen: ${beats} distinct heartbeats in ${WATCH_MS / 1000} s`)
    expect(beats).toBeGreaterThan(2)
    // Its watches left the frozen one when a request to it timed out, well before their 60 s idle limit.
    const third = await deploy(frozenFirst, flags)
    await waitRunning(alive.url, third, { timeoutMs: 45_000 })
    expect((await taskStatus(alive.url, task))?.state).toBe('RUNNING')
  } finally {
    process.kill(frozen.pid as number, 'SIGCONT')
  }
  const version = await heliosctl(['version'], { server: `${frozen.url},${alive.url}` })
  expect(version.code, version.stderr).toBe(0)
})
