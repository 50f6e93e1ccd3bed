// Two apiservers on one ZooKeeper: writes and watches cross replicas, exactly one runs the controllers,
// a SIGKILLed leader is replaced once its session expires, a SIGTERMed one hands over at once.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { HeliosClient } from '../../client/index.js'
import {
  type ApiserverHandle,
  curl,
  randomId,
  sleep,
  startApiserver,
  startZooKeeper,
  waitFor,
  type ZooKeeperHandle,
} from '../harness.js'

const SESSION_TIMEOUT_S = 6
let zk: ZooKeeperHandle
let replicas: [ApiserverHandle, ApiserverHandle]

beforeAll(async () => {
  zk = await startZooKeeper()
  const zkRoot = `/helios-e2e-ha-${randomId()}`
  const extraArgs = ['--zk-session-timeout', String(SESSION_TIMEOUT_S)]
  replicas = [
    await startApiserver({ zk: zk.connect, zkRoot, extraArgs }),
    await startApiserver({ zk: zk.connect, zkRoot, extraArgs }),
  ]
})

afterAll(async () => {
  for (const a of replicas ?? []) await a.stop()
  await zk?.stop()
})

/** `/leader` of one replica; undefined when it does not answer. */
async function isLeader(a: ApiserverHandle): Promise<boolean | undefined> {
  const res = await curl(`${a.url}/leader`)
  if (res?.status !== 200) return undefined
  return (JSON.parse(res.body) as { leader: boolean }).leader
}

/** Waits until exactly one replica leads (and stays so for a moment); returns [leader, follower]. */
async function leaderAndFollower(): Promise<[ApiserverHandle, ApiserverHandle]> {
  const pick = async () => {
    const flags = await Promise.all(replicas.map(isLeader))
    return flags.filter((f) => f === true).length === 1 && flags.every((f) => f !== undefined) ? flags : undefined
  }
  await waitFor(pick, { timeoutMs: 15_000, what: 'exactly one leader' })
  await sleep(500)
  const flags = await waitFor(pick, { timeoutMs: 5_000, what: 'exactly one leader, still' })
  const i = flags.indexOf(true)
  return i === 0 ? replicas : [replicas[1], replicas[0]]
}

/** Milliseconds until `a` reports itself leader. */
async function timeToLead(a: ApiserverHandle, started: number, timeoutMs: number): Promise<number> {
  await waitFor(isLeader.bind(null, a), { timeoutMs, intervalMs: 50, what: `${a.url} to become leader` })
  return Date.now() - started
}

test('a write on one apiserver is seen by a watch on the other', async () => {
  const [a, b] = replicas
  const abort = new AbortController()
  const name = `ha-host-${randomId()}`
  const seen = (async () => {
    for await (const event of new HeliosClient(b.url).watch('Host', { signal: abort.signal })) {
      if (event.object?.metadata?.name === name) return event.type
    }
  })()
  await sleep(300)
  await new HeliosClient(a.url).create('Host', { apiVersion: 'helios/v1', kind: 'Host', metadata: { name } })
  const timeout = sleep(10_000).then(() => 'timeout')
  expect(await Promise.race([seen, timeout])).toBe('ADDED')
  abort.abort()
  await seen.catch(() => {})
})

test('exactly one leader; SIGKILL hands over within the session timeout and the controllers work there', async () => {
  const [leader, follower] = await leaderAndFollower()
  expect(await isLeader(follower)).toBe(false)
  const metrics = await curl(`${leader.url}/metrics`)
  expect(metrics?.body).toContain('helios_apiserver_leader 1')

  const started = Date.now()
  await leader.kill9()
  const ms = await timeToLead(follower, started, SESSION_TIMEOUT_S * 1000 + 10_000)
  console.log(`handover after SIGKILL: ${ms} ms (ZooKeeper session timeout ${SESSION_TIMEOUT_S} s)`)
  expect(ms).toBeGreaterThan(SESSION_TIMEOUT_S * 1000 - 2_500) // the dead session had to expire first
  expect(ms).toBeLessThan(SESSION_TIMEOUT_S * 1000 + 5_000)

  // The new leader's controllers turn a new Deployment into its Task.
  const client = new HeliosClient(follower.url)
  const job = `ha-${randomId()}:v1`
  const deployment = `ha-${randomId()}`
  await client.apply({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: job },
    spec: { image: 'helios-test/busybox:latest' },
  })
  await client.apply({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: deployment },
    spec: { job, hosts: ['ha-nowhere'], goal: 'START' },
  })
  await waitFor(
    async () =>
      (await client.list('Task')).items.find((t) => t.spec.deployment === deployment && t.spec.host === 'ha-nowhere'),
    { timeoutMs: 15_000, what: `the Task of Deployment ${deployment}` },
  )

  // Back again, the old leader queues up behind the new one.
  await leader.restart()
  await sleep(1_000)
  expect(await isLeader(leader)).toBe(false)
  expect(await isLeader(follower)).toBe(true)
})

test('SIGTERM hands over at once', async () => {
  const [leader, follower] = await leaderAndFollower()
  const started = Date.now()
  await leader.stop()
  const ms = await timeToLead(follower, started, 5_000)
  console.log(`handover after SIGTERM: ${ms} ms`)
  expect(ms).toBeLessThan(3_000)
  await leader.restart()
  await leaderAndFollower()
})

test('a leader that loses ZooKeeper stops its controllers at once and campaigns again when it returns', async () => {
  const [leader] = await leaderAndFollower()
  await zk.kill9()
  await waitFor(async () => (await isLeader(leader)) === false, { timeoutMs: 5_000, what: 'the leader to step down' })
  await waitFor(async () => leader.tail(400).includes('controllers stopped'), {
    timeoutMs: 5_000,
    what: `"controllers stopped" in ${leader.logFile}`,
  })
  expect(leader.tail(400)).toContain('lost leadership')
  await zk.restart()
  await leaderAndFollower()
})
