// Issue 13 acceptance, agents: a cluster with controllers and one real agent (open API) is fed plausible Jobs and
// Deployments for the agent's host with hostile images, env, commands, ports, names and labels, for a bounded time
// (HOSTILE_AGENT_SECONDS, default 20; seed HOSTILE_SEED). The apiserver and the agent must stay alive, no request may
// get a 5xx, and the host must stay UP with its agent still heartbeating afterwards.
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, sleep, startCluster, waitFor } from '../harness.js'
import type { HostileRequest } from './requests.js'
import { intFromEnv } from './run.js'
import { sendHostile } from './send.js'
import { API } from './targets.js'
import { workload } from './workloads.js'

const SECONDS = intFromEnv('HOSTILE_AGENT_SECONDS', 20)
const SEED = intFromEnv('HOSTILE_SEED', Math.floor(Math.random() * 2 ** 31))
/** Deployments kept at once: older ones are deleted, so the shared engine runs a handful of containers at most. */
const KEEP = 4
const HEARTBEAT_SECONDS = 2
const LEASE_SECONDS = 8

let cluster: Cluster
let host: string

beforeAll(async () => {
  console.log(`hostile workloads seed ${SEED} (replay: HOSTILE_SEED=${SEED}), ${SECONDS} s`)
  host = agentName('hostile')
  cluster = await startCluster({
    agents: [{ name: host, args: ['--heartbeat-seconds', String(HEARTBEAT_SECONDS)] }],
    apiserverArgs: ['--host-lease-seconds', String(LEASE_SECONDS)],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(cluster.server + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, text: await res.text() }
}

/** Throws, naming the recent workloads, when a process has exited: each one with its log's tail. */
function expectAlive(when: string, recent: readonly string[]): void {
  const dead: string[] = []
  if (!cluster.apiserver.running) dead.push(`apiserver ${cluster.apiserver.exitStatus}:\n${cluster.apiserver.tail(30)}`)
  for (const a of cluster.agents) if (!a.running) dead.push(`agent ${a.name} exited:\n${a.tail(30)}`)
  if (dead.length === 0) return
  const replay = `HOSTILE_SEED=${SEED} HOSTILE_AGENT_SECONDS=${SECONDS}`
  throw new Error(`${when} (replay: ${replay}); recent workloads:\n${recent.join('\n')}\n${dead.join('\n')}`)
}

const LOG_QUERIES = [
  '?tailLines=1',
  '?tailLines=-1',
  '?follow=1',
  '?timestamps=1&tailLines=99999999999',
  '?tailLines=1&tailLines=2',
  '?x=%00',
]
const get = (path: string): HostileRequest => ({ method: 'GET', path, credential: { label: 'anonymous' }, headers: {} })

const hostStatus = async () =>
  JSON.parse((await send('GET', `${API}/hosts/${host}`)).text).status as { state: string; lastHeartbeat: string }

test(
  'the agent and the apiserver outlive hostile workloads and the host stays UP',
  async () => {
    const replies: Record<string, number> = {}
    const recent: string[] = []
    const deadline = Date.now() + SECONDS * 1000
    let i = 0
    for (; Date.now() < deadline; i++) {
      const { job, deployment } = fc.sample(workload(i, host), { seed: (SEED + i) | 0, numRuns: 1 })[0] as {
        job: unknown
        deployment: unknown
      }
      for (const [what, obj] of [
        ['job', job],
        ['deployment', deployment],
      ] as const) {
        const reply = await send('POST', `${API}/apply`, obj)
        const key = `${what} ${reply.status}`
        replies[key] = (replies[key] ?? 0) + 1
        expect(
          reply.status,
          `workload #${i} (seed ${SEED}) ${what}: ${JSON.stringify(obj).slice(0, 500)} → ${reply.text.slice(0, 300)}`,
        ).toBeLessThan(500)
      }
      if (i >= 1) {
        // The previous workload's container logs, through the apiserver from the agent, with odd queries.
        const path = `${API}/tasks/hd${i - 1}@${host}/log${LOG_QUERIES[i % LOG_QUERIES.length]}`
        const reply = await sendHostile(cluster.apiserver.port, get(path), { streamMs: 100, timeoutMs: 15_000 })
        const key = `log ${reply.streamed ? 'stream' : reply.status}`
        replies[key] = (replies[key] ?? 0) + 1
        expect(reply.status, `GET ${path} → ${reply.text.slice(0, 300)}`).toBeLessThan(500)
      }
      if (i >= KEEP) await send('DELETE', `${API}/deployments/hd${i - KEEP}`)
      recent.push(`  #${i}: ${JSON.stringify(job).slice(0, 400)}`)
      expectAlive(`a process exited after workload #${i}`, recent.slice(-KEEP - 1))
      await sleep(250)
    }
    // The agent works through what it was given; a crash from a late pull or start must show now.
    const settleFrom = new Date()
    await sleep((LEASE_SECONDS + HEARTBEAT_SECONDS) * 1000)
    expectAlive('a process exited after the last workload', recent.slice(-KEEP - 1))
    await waitFor(
      async () => {
        const status = await hostStatus()
        return status.state === 'UP' && Date.parse(status.lastHeartbeat) > settleFrom.getTime()
      },
      { timeoutMs: 10_000, what: `host ${host} UP with a heartbeat after ${settleFrom.toISOString()}` },
    )
    const tasks = JSON.parse((await send('GET', `${API}/tasks`)).text).items as Array<{
      metadata: { name: string }
      status?: { state: string; throttled: string; containerError?: string }
    }>
    console.log(`${i} workloads, replies ${JSON.stringify(replies)}`)
    for (const t of tasks)
      console.log(
        `  ${t.metadata.name}: ${t.status?.state} ${t.status?.throttled} ${t.status?.containerError?.slice(0, 160) ?? ''}`,
      )
    expect((await fetch(`${cluster.server}/readyz`)).status).toBe(200)
  },
  SECONDS * 1000 + 120_000,
)
