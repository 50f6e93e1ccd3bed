// Issue 14: a version that exits at once, one that exits 3 s after passing its check, one that never passes it and
// one whose image is missing each end FAILED; with autoRevert the old version answers on its port again; rollout
// status exits 1 naming the host, the reason and (where the container printed some) its last log lines.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  applyYaml,
  type Cluster,
  curl,
  type DeploymentView,
  getObject,
  listObjects,
  settledRollout,
  startCluster,
  type TaskView,
  waitFor,
} from '../harness.js'
import { agentsOnOneEngine, type BadCase, badJob, deploymentYaml, goodJob } from './input.js'

let cluster: Cluster
let hosts: string[]
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 150_000 })

/** minHealthySeconds 5 for the version that dies after 3 s (it must die inside the window), 3 elsewhere. */
const CASES: Record<BadCase, string> = {
  'crash-now': '{ minHealthySeconds: 3, timeout: 30, autoRevert: true }',
  'crash-later': '{ minHealthySeconds: 5, timeout: 30, autoRevert: true }',
  unhealthy: '{ minHealthySeconds: 3, timeout: 8, autoRevert: true }',
  ghost: '{ minHealthySeconds: 3, timeout: 30, autoRevert: true }',
}

type Rollout = NonNullable<NonNullable<DeploymentView['status']>['rollout']> & {
  failure?: { host: string; reason: string; exitCode?: number; logTail: string[] }
  rolledBack?: boolean
}

type PortedTask = TaskView & { status?: { ports?: Record<string, { externalPort: number }> } }

async function tasksOf(deployment: string): Promise<PortedTask[]> {
  const tasks = await listObjects<PortedTask>(cluster.server, 'Task')
  return tasks.filter((t) => t.spec.deployment === deployment && !t.metadata.name.endsWith('~surge'))
}

/** Every host's container of `deployment` answers with `job`'s name on its published port, on 127.0.0.1. */
async function answers(deployment: string, job: string): Promise<void> {
  await waitFor(
    async () => {
      const tasks = await tasksOf(deployment)
      if (tasks.length !== hosts.length) return false
      for (const t of tasks) {
        const port = t.status?.ports?.http?.externalPort
        const page = port === undefined ? undefined : await curl(`http://127.0.0.1:${port}/`)
        if (t.spec.job !== job || page?.body.trim() !== job) return false
      }
      return true
    },
    { timeoutMs: 60_000, what: `${job} answering on every host of ${deployment}` },
  )
}

beforeAll(async () => {
  const prefix = `e2e-rs-${process.pid}`
  const agents = agentsOnOneEngine(prefix, 3)
  hosts = agents.map((a) => a.name)
  cluster = await startCluster({ agents })
  const kases = Object.keys(CASES) as BadCase[]
  await applyYaml(cluster.server, kases.flatMap((k) => [goodJob(`${k}:v1`), badJob(k)]).join('---\n'))
  await applyYaml(cluster.server, kases.map((k) => deploymentYaml(k, `${k}:v1`, CASES[k])).join('---\n'))
  for (const k of kases) {
    expect((await settledRollout(cluster.server, k)).status?.rollout?.state).toBe('DONE')
    await answers(k, `${k}:v1`)
  }
})
afterAll(async () => {
  await cluster?.stop()
})

/** host → the container its Task of `deployment` runs. */
async function containersByHost(deployment: string): Promise<Record<string, string | undefined>> {
  return Object.fromEntries((await tasksOf(deployment)).map((t) => [t.spec.host, t.status?.containerId]))
}

/** The Events the controller recorded on Deployment `name`. */
async function deploymentEvents(name: string): Promise<Array<{ reason: string; message: string }>> {
  const res = await fetch(`${cluster.server}/apis/helios/v1/events`)
  const items = (
    (await res.json()) as {
      items: Array<{ reason: string; message: string; involvedObject: { kind: string; name: string } }>
    }
  ).items
  return items.filter((e) => e.involvedObject.kind === 'Deployment' && e.involvedObject.name === name)
}

/** Moves `kase` to its bad version, then waits with `rollout status` (which must exit 1). */
async function rollOutBad(kase: BadCase) {
  await applyYaml(cluster.server, deploymentYaml(kase, `${kase}:v2`, CASES[kase]))
  const status = await ctl('rollout', 'status', `deployment/${kase}`, '--timeout', '120s')
  const d = await settledRollout(cluster.server, kase)
  return { status, rollout: d.status?.rollout as Rollout }
}

describe('a bad version never "successfully rolled out": FAILED, reverted, and said so', () => {
  test.each([
    ['crash-now', /crash-now:v2 exited with code 3 after \d+\.\d s;/, ['fatal: no config at /etc/app.conf']],
    ['crash-later', /crash-later:v2 exited with code 4 after [3-9]\.\d s;/, ['dying after 3 s: lost the database']],
    [
      'unhealthy',
      /timed out after 8 s waiting for unhealthy:v2 to reach RUNNING \(state HEALTHCHECKING; container error: [^\n]+\);/,
      [],
    ],
    ['ghost', /ghost:v2 IMAGE_(MISSING|PULL_FAILED): image "helios-test\/no-such-image:\w+"/, []],
  ] as const)('%s', async (kase, reason, logLines) => {
    const before = await containersByHost(kase)
    const { status, rollout } = await rollOutBad(kase)
    const first = hosts[0] as string
    // rollout status: exit 1, the Job, the host and the reason; then the container's last lines.
    expect(status.code, status.stderr).toBe(1)
    expect(status.stdout).not.toContain('successfully rolled out')
    expect(status.stderr).toMatch(new RegExp(`^error: rollout of ${kase}:v2 failed: rolled back to ${kase}:v1 after`))
    expect(status.stderr, status.stderr).toMatch(new RegExp(`${kase}:v2 failed: ${first}: ${reason.source}`))
    if (logLines.length > 0) {
      expect(status.stderr).toContain(`last log lines of ${first}:\n`)
      for (const line of logLines) expect(status.stderr).toContain(`  | ${line}\n`)
    } else expect(status.stderr).not.toContain('last log lines')

    // The record: FAILED, rolled back to v1, the failure kept with its host (the first in order), v2's revision FAILED.
    expect(rollout).toMatchObject({
      state: 'FAILED',
      reason: 'AUTO_REVERT',
      job: `${kase}:v1`,
      revertedFrom: `${kase}:v2`,
      rolledBack: true,
      failure: { host: first },
    })
    expect(rollout.failure?.logTail).toEqual(expect.arrayContaining([...logLines]))
    const d = await getObject<DeploymentView>(cluster.server, 'Deployment', kase)
    expect(d?.status?.revisions?.map((r) => [r.job, r.outcome])).toEqual([
      [`${kase}:v1`, 'DONE'],
      [`${kase}:v2`, 'FAILED'],
    ])

    // The old version answers on every host again, through the published port on 127.0.0.1.
    await answers(kase, `${kase}:v1`)

    // What users see: REVERTED in get deployments; the failure and the rollout's Events in describe.
    const row = (await ctl('get', 'deployments', kase)).stdout.split('\n')[1] ?? ''
    expect(row.split(/\s{2,}/)[3]).toBe('REVERTED')
    const described = await ctl('describe', 'deployment', kase)
    expect(described.stdout).toContain(`Failure:\n  Host:            ${first}\n`)
    const reasons = (await deploymentEvents(kase)).map((e) => e.reason)
    expect(reasons).toEqual(
      expect.arrayContaining(['RolloutStarted', 'HostFailed', 'RolloutReverting', 'RolloutReverted']),
    )

    // The failure stopped the walk at the first host: the others kept their containers throughout.
    const after = await containersByHost(kase)
    for (const h of hosts.slice(1)) expect(after[h], h).toBe(before[h])
  })
})
