// Issue 14: a canary on 1 of 3 agents (one engine) waits, is promoted and finishes; another canary is aborted and its
// host goes back; get deployments shows PAUSED while it waits and REVERTED after the abort.
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
import { agentsOnOneEngine, deploymentYaml, goodJob } from './input.js'

let cluster: Cluster
let hosts: string[]
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 150_000 })
const OPTIONS = '{ canary: 1, minHealthySeconds: 3, parallelism: 2, timeout: 30 }'

type Ported = TaskView & { status?: { ports?: Record<string, { externalPort: number }> } }

/** host → the Job its container of `deployment` serves, read through the published port on 127.0.0.1. */
async function served(deployment: string): Promise<Record<string, string | undefined>> {
  const tasks = (await listObjects<Ported>(cluster.server, 'Task')).filter(
    (t) => t.spec.deployment === deployment && !t.metadata.name.endsWith('~surge'),
  )
  const pages = await Promise.all(
    tasks.map(async (t) => {
      const port = t.status?.ports?.http?.externalPort
      const page = port === undefined ? undefined : await curl(`http://127.0.0.1:${port}/`)
      return [t.spec.host, page?.body.trim()] as const
    }),
  )
  return Object.fromEntries(pages)
}

const waitServed = (deployment: string, want: Record<string, string>, what: string) =>
  waitFor(
    async () => {
      const now = await served(deployment)
      return Object.entries(want).every(([h, job]) => now[h] === job) ? now : false
    },
    { timeoutMs: 60_000, what },
  )

async function rollout(name: string) {
  return (await getObject<DeploymentView>(cluster.server, 'Deployment', name))?.status?.rollout as
    | (NonNullable<NonNullable<DeploymentView['status']>['rollout']> & { canary?: { hosts: string[] } })
    | undefined
}

const waitPaused = (name: string) =>
  waitFor(async () => ((await rollout(name))?.state === 'PAUSED' ? rollout(name) : false), {
    timeoutMs: 60_000,
    what: `${name} PAUSED for its canary`,
  })

const stateColumn = async (name: string) =>
  ((await ctl('get', 'deployments', name)).stdout.split('\n')[1] ?? '').split(/\s{2,}/)[3]

const everywhere = (job: string) => Object.fromEntries(hosts.map((h) => [h, job]))

beforeAll(async () => {
  const prefix = `e2e-canary-${process.pid}`
  const agents = agentsOnOneEngine(prefix, 3)
  hosts = agents.map((a) => a.name)
  cluster = await startCluster({ agents })
  const jobs = ['promoted:v1', 'promoted:v2', 'aborted:v1', 'aborted:v2'].map(goodJob)
  await applyYaml(cluster.server, jobs.join('---\n'))
  await applyYaml(
    cluster.server,
    ['promoted', 'aborted'].map((d) => deploymentYaml(d, `${d}:v1`, OPTIONS)).join('---\n'),
  )
  for (const d of ['promoted', 'aborted']) {
    expect((await settledRollout(cluster.server, d)).status?.rollout?.state).toBe('DONE')
    await waitServed(d, everywhere(`${d}:v1`), `${d}:v1 everywhere`)
  }
})
afterAll(async () => {
  await cluster?.stop()
})

describe('canary', () => {
  test('1 of 3 hosts moves and waits (PAUSED); promoted, the rest follow and the rollout finishes', async () => {
    const [h1, h2, h3] = hosts as [string, string, string]
    await applyYaml(cluster.server, deploymentYaml('promoted', 'promoted:v2', OPTIONS))
    const paused = await waitPaused('promoted')
    expect(paused).toMatchObject({ canary: { hosts: [h1] }, done: [h1], pending: [h2, h3] })
    expect(await served('promoted')).toEqual({ [h1]: 'promoted:v2', [h2]: 'promoted:v1', [h3]: 'promoted:v1' })
    expect(await stateColumn('promoted')).toBe('PAUSED')
    const once = await ctl('rollout', 'status', 'deployment/promoted', '--watch=false')
    expect(once.code).toBe(0)
    expect(once.stdout).toContain('rollout to finish: PAUSED: 1/3 hosts; canary')
    expect(once.stdout).toContain('heliosctl rollout promote deployment/promoted')
    // It waits for a user: a while later nothing else has moved.
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    expect((await rollout('promoted'))?.state).toBe('PAUSED')
    expect(await served('promoted')).toEqual({ [h1]: 'promoted:v2', [h2]: 'promoted:v1', [h3]: 'promoted:v1' })

    const waiting = ctl('rollout', 'status', 'deployment/promoted', '--timeout', '120s')
    const promote = await ctl('rollout', 'promote', 'deployment/promoted')
    expect(promote).toMatchObject({ code: 0, stdout: 'deployment "promoted" canary promoted\n' })
    const status = await waiting
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toContain('deployment "promoted" successfully rolled out (revision 2)')
    await waitServed('promoted', everywhere('promoted:v2'), 'promoted:v2 everywhere')
    expect(await stateColumn('promoted')).toBe('DONE')
    expect(await rollout('promoted')).toMatchObject({ state: 'DONE', canary: { hosts: [h1] } })
  })

  test('an aborted canary goes back to the previous revision; nothing else ever moved', async () => {
    const [h1, h2, h3] = hosts as [string, string, string]
    await applyYaml(cluster.server, deploymentYaml('aborted', 'aborted:v2', OPTIONS))
    await waitPaused('aborted')
    expect(await served('aborted')).toEqual({ [h1]: 'aborted:v2', [h2]: 'aborted:v1', [h3]: 'aborted:v1' })
    expect(await ctl('rollout', 'abort', 'deployment/aborted')).toMatchObject({
      code: 0,
      stdout: 'deployment "aborted" rollout aborted\n',
    })
    const status = await ctl('rollout', 'status', 'deployment/aborted', '--timeout', '120s')
    expect(status.code).toBe(1)
    expect(status.stderr).toContain(
      'error: rollout of aborted:v2 failed: rolled back to aborted:v1 after aborted:v2 was aborted by user; reverted to aborted:v1',
    )
    await waitServed('aborted', everywhere('aborted:v1'), 'aborted:v1 everywhere again')
    expect(await rollout('aborted')).toMatchObject({ state: 'FAILED', reason: 'ABORT', job: 'aborted:v1' })
    expect(await stateColumn('aborted')).toBe('REVERTED')
    // spec.job still names v2, yet nothing rolls it out again.
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    expect(await served('aborted')).toEqual(everywhere('aborted:v1'))
  })
})
