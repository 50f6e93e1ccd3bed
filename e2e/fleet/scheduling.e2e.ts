// replicas on the least loaded hosts: placed, pending when hosts run out, re-placed after a host stays DOWN, moved by drain.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  applyYaml,
  type Cluster,
  type DeploymentView,
  docker,
  getObject,
  listObjects,
  startCluster,
  type TaskView,
  waitFor,
} from '../harness.js'

let cluster: Cluster
let hosts: string[]
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 60_000 })

const manifests = (replicas: number) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "cache:v1" }
spec:
  image: helios-test/busybox:latest
  ports: { http: { internalPort: 80 } }
  resources: { memory: 33554432 }
  secondsToWaitBeforeKill: 2
---
apiVersion: helios/v1
kind: Deployment
metadata: { name: cache }
spec:
  job: "cache:v1"
  hostSelector: ["pool=cache"]
  replicas: ${replicas}
  rescheduleAfterSeconds: 2
`

/** Hosts running the Deployment's Tasks (RUNNING), once exactly `count` of them run on hosts that satisfy `ok`. */
async function runningOn(count: number, what: string, ok = (_on: string[]) => true): Promise<string[]> {
  return waitFor(
    async () => {
      const tasks = (await listObjects<TaskView>(cluster.server, 'Task')).filter((t) => t.spec.deployment === 'cache')
      const running = tasks.filter((t) => t.status?.state === 'RUNNING' && t.status.jobId === t.spec.jobId)
      const on = running.map((t) => t.spec.host).sort()
      return tasks.length === count && running.length === count && ok(on) ? on : undefined
    },
    { timeoutMs: 60_000, what },
  )
}
const replicaStatus = async () =>
  (await getObject<DeploymentView>(cluster.server, 'Deployment', 'cache'))?.status?.replicas

beforeAll(async () => {
  const prefix = `e2e-sched-${process.pid}`
  hosts = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]
  // A short lease (heartbeats inside it) so a killed agent's host is DOWN in seconds, not 40.
  cluster = await startCluster({
    apiserverArgs: ['--host-lease-seconds', '4'],
    agents: hosts.map((name) => ({ name, labels: { pool: 'cache' }, args: ['--heartbeat-seconds', '1'] })),
  })
})
afterAll(async () => {
  await cluster?.stop()
})

test('replicas larger than the hosts that can take them: the rest is pending, and status says why', async () => {
  await applyYaml(cluster.server, manifests(4))
  expect(await runningOn(3, 'three of four replicas RUNNING')).toEqual([...hosts].sort())
  const status = await waitFor(async () => ((await replicaStatus())?.running === 3 ? replicaStatus() : undefined), {
    timeoutMs: 20_000,
    what: 'replica status to count 3 running',
  })
  expect(status).toMatchObject({ desired: 4, placed: 3, pending: 1 })
  expect(status?.message).toMatch(/^1 of 4 replicas pending/)
})

test('two replicas on three hosts; a host DOWN past the grace has its replica placed on the third', async () => {
  await applyYaml(cluster.server, manifests(2))
  const placed = await runningOn(2, 'two replicas RUNNING')
  const spare = hosts.find((h) => !placed.includes(h)) as string
  const victim = cluster.agent(placed[0] as string)
  await victim.kill9()
  const moved = await runningOn(
    2,
    `the replica of ${victim.name} re-placed on ${spare}`,
    (on) => !on.includes(victim.name),
  )
  expect(moved).toContain(spare)
  // Back, the agent finds its Task gone and removes the container it left running.
  await victim.restart()
  await waitFor(
    async () =>
      (await docker(['ps', '-q', '--filter', `label=helios.host=${victim.name}`])).stdout.trim() === ''
        ? true
        : undefined,
    { timeoutMs: 30_000, what: `${victim.name} to remove its old replica` },
  )
})

test('drain moves the replicas off a host and cordons it; uncordon makes it schedulable again', async () => {
  await waitFor(
    async () => {
      const all = await listObjects<{ metadata: { name: string }; status?: { state?: string } }>(cluster.server, 'Host')
      return hosts.every((h) => all.find((x) => x.metadata.name === h)?.status?.state === 'UP') ? true : undefined
    },
    { timeoutMs: 30_000, what: 'every host UP again' },
  )
  const before = await runningOn(2, 'two replicas RUNNING')
  const drained = before[0] as string
  const out = await ctl('drain', drained)
  expect(out.code).toBe(0)
  expect(out.stdout).toContain(`cache@${drained}`)
  const after = await runningOn(2, `replicas off ${drained}`, (on) => !on.includes(drained))
  expect(after).toHaveLength(2)
  const host = await getObject<{ spec: { unschedulable: boolean } }>(cluster.server, 'Host', drained)
  expect(host?.spec.unschedulable).toBe(true)
  expect((await ctl('uncordon', drained)).code).toBe(0)
  expect((await getObject<{ spec: { unschedulable: boolean } }>(cluster.server, 'Host', drained))?.spec).toMatchObject({
    unschedulable: false,
  })
})
