// Rolling updates across three labelled hosts: selector membership, order, overlap, failure, autoRevert, undo, an apiserver restart.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  applyYaml,
  type Cluster,
  type DeploymentView,
  getObject,
  listObjects,
  rolloutOrder,
  sampleFleet,
  settledRollout,
  startCluster,
  type TaskView,
  waitFor,
} from '../harness.js'

let cluster: Cluster
let hosts: string[]
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 120_000 })

/** Jobs of one image that differ by version; `bad` never passes its health check (nothing listens on 81). */
const job = (version: string, opts: { bad?: boolean } = {}) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "web:${version}" }
spec:
  image: helios-test/busybox:latest
  env: { VERSION: "${version}" }
  ports:
    http: { internalPort: 80 }
    ${opts.bad ? 'probe: { internalPort: 81 }' : ''}
  healthCheck: { type: tcp, port: ${opts.bad ? 'probe' : 'http'} }
  secondsToWaitBeforeKill: 2
`
const deployment = `
apiVersion: helios/v1
kind: Deployment
metadata: { name: web }
spec:
  job: "web:v1"
  hostSelector: ["role=web"]
  # A 1 s health window (rolling-update keeps it): these scenarios are about order, overlap and reverts, not the window.
  rollout: { minHealthySeconds: 1 }
`

async function mainTasks(): Promise<TaskView[]> {
  const tasks = await listObjects<TaskView>(cluster.server, 'Task')
  return tasks.filter((t) => t.spec.deployment === 'web' && !t.metadata.name.endsWith('~surge'))
}
/** Waits until exactly `onHosts` run `job` (RUNNING, status agreeing with spec). */
async function waitFleet(job: string, onHosts: string[], timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const tasks = await mainTasks()
      const ok =
        tasks.length === onHosts.length &&
        tasks.every((t) => onHosts.includes(t.spec.host) && t.spec.job === job && t.status?.state === 'RUNNING') &&
        tasks.every((t) => t.status?.jobId === t.spec.jobId)
      return ok ? tasks : undefined
    },
    { timeoutMs, what: `${job} RUNNING on ${onHosts.join(', ')}` },
  )
}

beforeAll(async () => {
  const prefix = `e2e-fleet-${process.pid}`
  hosts = [`${prefix}-web1`, `${prefix}-web2`, `${prefix}-web3`]
  cluster = await startCluster({
    agents: hosts.map((name, i) => ({ name, labels: { role: 'web', zone: `z${i}` } })),
  })
  await applyYaml(cluster.server, [job('v1'), job('v2'), job('v3'), job('bad', { bad: true })].join('---\n'))
})
afterAll(async () => {
  await cluster?.stop()
})

test('a selector Deployment follows host labels: relabelled away loses the job, relabelled back gets it', async () => {
  await applyYaml(cluster.server, deployment)
  await waitFleet('web:v1', hosts)
  const [h1, h2, h3] = hosts as [string, string, string]
  expect((await ctl('label', 'host', h3, 'role=db', '--overwrite')).code).toBe(0)
  await waitFleet('web:v1', [h1, h2])
  expect((await ctl('label', 'host', h3, 'role=web', '--overwrite')).code).toBe(0)
  await waitFleet('web:v1', hosts)
  const d = await settledRollout(cluster.server, 'web')
  expect(d.status?.rollout?.state).toBe('DONE')
})

test('rolling-update walks the hosts in order, one at a time (parallelism 1), and prints Helios output', async () => {
  const sampler = sampleFleet(cluster.server, 'web')
  const out = await ctl('rolling-update', 'web:v2', 'web')
  const samples = await sampler.stop()
  expect(out.stderr).toBe('')
  expect(out.code).toBe(0)
  expect(out.stdout).toMatch(
    /^Rolling update started: web -> web:v2:[0-9a-f]{7} \(parallelism=1, timeout=300, overlap=false, token=, ignoreFailures=false, migrate=false\)\n/,
  )
  expect(out.stdout).toContain(hosts.map((h, i) => `${h} -> RUNNING (${i + 1}/3)`).join('\n'))
  expect(out.stdout).toMatch(/Done\.\nDuration: \d+\.\d\d s/)
  const { order, maxInProgress } = rolloutOrder(samples)
  expect(order).toEqual(hosts)
  expect(maxInProgress).toBe(1)
  await waitFleet('web:v2', hosts)
})

test('with overlap each host runs the new container (a surge Task) before its old one stops', async () => {
  const sampler = sampleFleet(cluster.server, 'web')
  const out = await ctl('rolling-update', 'web:v3', 'web', '--overlap')
  const samples = await sampler.stop()
  expect(out.code).toBe(0)
  for (const host of hosts) {
    // The first moment the host's main Task asks for v3, its surge Task already runs v3.
    const switched = samples.find((s) =>
      s.tasks.some((t) => t.metadata.name === `web@${host}` && t.spec.job === 'web:v3'),
    )
    const surge = switched?.tasks.find((t) => t.metadata.name === `web@${host}~surge`)
    expect(surge?.spec.job, host).toBe('web:v3')
    expect(surge?.status?.state, host).toBe('RUNNING')
  }
  await waitFleet('web:v3', hosts)
  expect(
    (await listObjects<TaskView>(cluster.server, 'Task')).filter((t) => t.metadata.name.endsWith('~surge')),
  ).toEqual([])
})

test('a version that never becomes healthy stops the rollout at the first host; the others keep the old one', async () => {
  const out = await ctl('rolling-update', 'web:bad', 'web', '-t', '6')
  expect(out.code).toBe(1)
  const [h1, h2, h3] = hosts as [string, string, string]
  expect(out.stdout).toContain(`Failed: ${h1}: `)
  const d = await settledRollout(cluster.server, 'web')
  expect(d.status?.rollout).toMatchObject({ state: 'FAILED', job: 'web:bad', failed: [h1] })
  expect(d.status?.rollout?.message).toMatch(new RegExp(`^${h1}: timed out after 6 s waiting for web:bad`))
  const tasks = await mainTasks()
  expect(tasks.find((t) => t.spec.host === h1)?.spec.job).toBe('web:bad')
  for (const h of [h2, h3]) {
    const t = tasks.find((x) => x.spec.host === h)
    expect([t?.spec.job, t?.status?.state]).toEqual(['web:v3', 'RUNNING'])
  }
  expect((await ctl('rollout', 'status', 'deployment/web', '--timeout', '10s')).code).toBe(1)
})

test('undo goes back to an earlier revision on every host', async () => {
  const history = await ctl('rollout', 'history', 'deployment/web')
  expect(history.code).toBe(0)
  for (const j of ['web:v1', 'web:v2', 'web:v3', 'web:bad']) expect(history.stdout).toContain(j)
  const d = await getObject<DeploymentView>(cluster.server, 'Deployment', 'web')
  const v3 = d?.status?.revisions?.find((r) => r.job === 'web:v3')
  expect(v3?.outcome).toBe('DONE')
  expect((await ctl('rollout', 'undo', 'deployment/web', '--to-revision', String(v3?.revision))).code).toBe(0)
  expect((await ctl('rollout', 'status', 'deployment/web', '--timeout', '60s')).code).toBe(0)
  await waitFleet('web:v3', hosts)
})

test('with autoRevert a failing version is rolled back on the hosts it reached', async () => {
  const out = await ctl('rolling-update', 'web:bad', 'web', '-t', '6', '--auto-revert')
  expect(out.code).toBe(1)
  const d = await settledRollout(cluster.server, 'web')
  expect(d.spec.job).toBe('web:bad')
  expect(d.status?.rollout).toMatchObject({ state: 'FAILED', job: 'web:v3', revertedFrom: 'web:bad' })
  expect(d.status?.rollout?.message).toMatch(/^rolled back to web:v3 after web:bad failed: /)
  await waitFleet('web:v3', hosts)
})

test('an apiserver restarted in the middle of a rollout: the rollout continues where it was', async () => {
  expect((await ctl('rolling-update', 'web:v1', 'web', '--async')).code).toBe(0)
  const first = hosts[0] as string
  await waitFor(
    async () => {
      const d = await getObject<DeploymentView>(cluster.server, 'Deployment', 'web')
      return d?.status?.rollout?.job === 'web:v1' && d.status.rollout.done.includes(first)
    },
    { timeoutMs: 60_000, what: `web:v1 done on ${first}` },
  )
  await cluster.apiserver.stop()
  await cluster.apiserver.restart()
  const d = await settledRollout(cluster.server, 'web')
  expect(d.status?.rollout).toMatchObject({ state: 'DONE', job: 'web:v1', done: hosts })
  await waitFleet('web:v1', hosts)
})
