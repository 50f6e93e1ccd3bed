// Issue 14: a Job deployed by hand and through a deployment group ran two containers on one host. Now: refused with
// JOB_ALREADY_DEPLOYED naming the hand deploy, or migrated with --migrate, and never two containers or Task rows.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { applyYaml, type Cluster, getObject, startCluster, waitFor } from '../harness.js'
import { runningContainers, taskRows, watchDuplicates } from './duplicates.js'

let cluster: Cluster
let h1: string
let h2: string
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 120_000 })

const job = (name: string) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "${name}" }
spec:
  image: helios-test/busybox:latest
  ports: { http: { internalPort: 80 } }
  healthCheck: { type: tcp, port: http }
  secondsToWaitBeforeKill: 1
`

/** Waits until `job` runs on `host` for `deployment` (its Task RUNNING with the Job it asks for). */
async function runs(job: string, host: string, deployment: string) {
  await waitFor(
    async () => {
      const t = await getObject<{ status?: { state?: string; jobId?: string }; spec: { jobId: string; job: string } }>(
        cluster.server,
        'Task',
        `${deployment}@${host}`,
      )
      return t?.spec.job === job && t.status?.state === 'RUNNING' && t.status.jobId === t.spec.jobId
    },
    { timeoutMs: 60_000, what: `${job} RUNNING on ${host} for ${deployment}` },
  )
}

/** `heliosctl status --job JOB` rows per host (the table's HOST column). */
async function statusRows(jobName: string): Promise<Map<string, number>> {
  const out = await ctl('status', '--job', jobName)
  expect(out.code).toBe(0)
  const counts = new Map<string, number>()
  for (const line of out.stdout.split('\n').slice(1)) {
    const host = line.split(/\s+/)[1]
    if (host === h1 || host === h2) counts.set(host, (counts.get(host) ?? 0) + 1)
  }
  return counts
}

beforeAll(async () => {
  const prefix = `e2e-once-${process.pid}`
  ;[h1, h2] = [`${prefix}-h1`, `${prefix}-h2`]
  cluster = await startCluster({ agents: [h1, h2].map((name) => ({ name, labels: { role: 'web' } })) })
  await applyYaml(cluster.server, [job('web:v1'), job('api:v1')].join('---\n'))
})
afterAll(async () => {
  await cluster?.stop()
})

test('a group rolled onto a host running the job by hand is refused (JOB_ALREADY_DEPLOYED, naming it); nothing stored', async () => {
  expect((await ctl('deploy', 'web:v1', h1)).stdout).toContain(`${h1}: done`)
  await runs('web:v1', h1, 'web-v1')
  expect((await ctl('create-deployment-group', 'grp', 'role=web')).code).toBe(0)
  const refused = await ctl('rolling-update', 'web:v1', 'grp')
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain(
    `error: JOB_ALREADY_DEPLOYED: job web:v1 already runs on ${h1} for deployment "web-v1"`,
  )
  expect(refused.stderr).toContain('--migrate')
  const group = await getObject<{ spec: { job?: string } }>(cluster.server, 'Deployment', 'grp')
  expect(group?.spec.job).toBeUndefined()
  expect((await statusRows('web:v1')).get(h1)).toBe(1)
  expect((await runningContainers('web:v1')).get(h1)).toBe(1)
})

test('--migrate takes the host over: never two containers nor two status rows of the job on it, then Done', async () => {
  const watch = watchDuplicates(cluster.server, 'web:v1', [h1, h2])
  const out = await ctl('rolling-update', 'web:v1', 'grp', '--migrate', '-T', '2')
  await runs('web:v1', h1, 'grp')
  await runs('web:v1', h2, 'grp')
  await waitFor(async () => !(await getObject(cluster.server, 'Deployment', 'web-v1')), {
    timeoutMs: 30_000,
    what: 'the hand deploy gone (all its hosts taken over)',
  })
  const { duplicates, samples } = await watch.stop()
  expect(out.stderr).toBe('')
  expect(out.code).toBe(0)
  expect(out.stdout).toContain('migrate=true')
  expect(out.stdout).toMatch(/Done\.\n/)
  expect(samples).toBeGreaterThan(5)
  expect(duplicates).toEqual([])
  expect(await statusRows('web:v1')).toEqual(
    new Map([
      [h1, 1],
      [h2, 1],
    ]),
  )
  expect(await runningContainers('web:v1')).toEqual(
    new Map([
      [h1, 1],
      [h2, 1],
    ]),
  )
})

test('a hand deploy onto a host the group runs the job on is refused naming the group; the job runs once', async () => {
  const out = await ctl('deploy', 'web:v1', h2)
  expect(out.code).toBe(1)
  expect(out.stdout).toContain(`${h2}: failed: JobDeployResponse{status=JOB_ALREADY_DEPLOYED, job=web:v1:`)
  expect(out.stderr).toContain(`job web:v1 already runs on ${h2} for deployment "grp"`)
  expect(await getObject(cluster.server, 'Deployment', 'web-v1')).toBeUndefined()
  expect((await taskRows(cluster.server, 'web:v1')).get(h2)).toEqual([`grp@${h2}`])
})

test('racing writes of one job onto one host through the API, on real ZooKeeper: exactly one wins, every round', async () => {
  const deployment = (name: string) => ({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { job: 'api:v1', hosts: [`race-host-${name.split('-')[0]}`], goal: 'STOP' },
  })
  for (let round = 0; round < 10; round++) {
    const names = ['a', 'b', 'c'].map((x) => `${round}-${x}`)
    const replies = await Promise.all(
      names.map((name) =>
        fetch(`${cluster.server}/apis/helios/v1/deployments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(deployment(name)),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { message?: string } })),
      ),
    )
    expect(replies.map((r) => r.status).sort(), `round ${round}`).toEqual([201, 409, 409])
    for (const r of replies.filter((x) => x.status === 409)) expect(r.body.message).toMatch(/^JOB_ALREADY_DEPLOYED: /)
  }
})
