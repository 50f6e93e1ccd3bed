// Drift: a managed container killed, stopped or removed by hand is restored quickly and the fix is recorded as an
// Event (DriftCorrected) and in `heliosctl history`; containers the agent does not own are never touched.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type Cluster,
  containerIds,
  curl,
  docker,
  freePort,
  inspectContainer,
  randomId,
  startCluster,
  waitAgentLog,
  waitFor,
  waitRunning,
} from '../harness.js'

let cluster: Cluster
const hostA = `e2e-drift-a-${process.pid}`
const hostB = `e2e-drift-b-${process.pid}`
const taskA = `web-v1@${hostA}`
const taskB = `other-v1@${hostB}`
const ports = { a: 0, b: 0 }
const seen = { a: [] as string[], b: '', plain: '' }
const ctl = (...args: string[]) => cluster.ctl(args)
const startedAt = async (id: string) => (await inspectContainer(id)).State.StartedAt
const answers = async (port: number) => (await curl(`http://127.0.0.1:${port}/`))?.status === 200

/** Our containers must be exactly as they were: same ids, still running, never restarted. */
async function expectUntouched(before: Record<string, string>) {
  for (const [id, started] of Object.entries(before)) {
    const c = await inspectContainer(id)
    expect(c.State.Running, `${c.Name} is still running`).toBe(true)
    expect(c.State.StartedAt, `${c.Name} was not restarted`).toBe(started)
  }
}

beforeAll(async () => {
  ports.a = await freePort()
  ports.b = await freePort()
  // Two agents with different names on the same engine, each with its own Task.
  cluster = await startCluster({ agents: [{ name: hostA }, { name: hostB }] })
  const plain = await docker([
    'run',
    '-d',
    '--label',
    `e2e.drift=${randomId()}`,
    'helios-test/busybox:latest',
    'sleep',
    '600',
  ])
  expect(plain.code).toBe(0)
  seen.plain = plain.stdout.trim()
  for (const [job, port, host] of [
    ['web:v1', ports.a, hostA],
    ['other:v1', ports.b, hostB],
  ] as const) {
    expect((await ctl('create', job, 'helios-test/busybox:latest', '-p', `http=80:${port}`)).code).toBe(0)
    expect((await ctl('deploy', job, host)).code).toBe(0)
  }
  seen.a.push((await waitRunning(cluster.server, taskA)).containerId ?? '')
  seen.b = (await waitRunning(cluster.server, taskB)).containerId ?? ''
})
afterAll(async () => {
  await cluster?.stop()
  if (seen.plain) await docker(['rm', '-f', seen.plain])
})

test.each([
  ['docker kill', ['kill']],
  ['docker stop', ['stop', '-t', '1']],
  ['docker rm -f', ['rm', '-f']],
])('%s of a managed container is corrected: RUNNING in a new container, curl answers', async (_what, cmd) => {
  const bystanders = { [seen.b]: await startedAt(seen.b), [seen.plain]: await startedAt(seen.plain) }
  const before = seen.a.at(-1) ?? ''
  expect((await docker([...cmd, before])).code).toBe(0)
  const after = await waitRunning(cluster.server, taskA, { not: before, timeoutMs: 15_000 })
  seen.a.push(after.containerId ?? '')
  await waitFor(() => answers(ports.a), { timeoutMs: 10_000, what: `curl :${ports.a} answers again` })
  expect(await containerIds([`helios.task=${taskA}`], { all: true })).toEqual([after.containerId])
  await expectUntouched(bystanders)
})

test('each correction is an Event with reason DriftCorrected (heliosctl get events -o json)', async () => {
  const events = await waitFor(
    async () => {
      const out = await ctl('get', 'events', '-o', 'json')
      if (out.code !== 0) throw new Error(`get events exited ${out.code}: ${out.stderr.trim()}`)
      const items = (JSON.parse(out.stdout) as { items: { reason?: string; involvedObject?: { name?: string } }[] })
        .items
      const drift = items.filter((e) => e.reason === 'DriftCorrected' && e.involvedObject?.name === taskA)
      return drift.length >= 3 ? drift : undefined
    },
    { timeoutMs: 15_000, what: `three DriftCorrected events for ${taskA}` },
  )
  expect(events.length).toBeGreaterThanOrEqual(3)
})

test('heliosctl history JOB shows the state changes, container by container', async () => {
  const out = await ctl('history', 'web:v1')
  expect(out.stderr).toBe('')
  expect(out.code).toBe(0)
  expect(out.stdout).toContain(hostA)
  // CREATING and STARTING pass within the agent's window: folded into RUNNING's write, they still show (folded-states.ts).
  for (const state of ['CREATING', 'STARTING', 'RUNNING', 'EXITED']) expect(out.stdout).toContain(state)
  for (const id of seen.a) expect(out.stdout).toContain(id.slice(0, 7))
})

test('the other agent and an unlabelled container are never touched, even by a restarted agent', async () => {
  const bystanders = { [seen.b]: await startedAt(seen.b), [seen.plain]: await startedAt(seen.plain) }
  const current = seen.a.at(-1) ?? ''
  const startedA = await startedAt(current)
  // A restarted agent reconciles everything it considers its own at once, without waiting for a resync.
  for (const agent of [cluster.agent(hostA), cluster.agent(hostB)]) {
    await agent.restart()
    await waitAgentLog(agent, '"tasks synced"')
  }
  await expectUntouched({ ...bystanders, [current]: startedA })

  // Killing B's container is B's business: it restores it, and A's container does not move.
  expect((await docker(['kill', seen.b])).code).toBe(0)
  const restored = await waitRunning(cluster.server, taskB, { not: seen.b, timeoutMs: 15_000 })
  seen.b = restored.containerId ?? ''
  await expectUntouched({ [current]: startedA, [seen.plain]: bystanders[seen.plain] ?? '' })
})

test('undeploy removes only that Task’s container', async () => {
  const bystanders = { [seen.b]: await startedAt(seen.b), [seen.plain]: await startedAt(seen.plain) }
  expect((await ctl('undeploy', 'web:v1', hostA)).code).toBe(0)
  await waitFor(async () => (await containerIds([`helios.task=${taskA}`], { all: true })).length === 0, {
    timeoutMs: 30_000,
    what: `${taskA}'s container to be removed`,
  })
  await expectUntouched(bystanders)
  expect(await answers(ports.b)).toBe(true)
})
