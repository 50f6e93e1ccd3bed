// Image references that once killed every agent they reached (issue 13, item 4): the apiserver refuses them with
// 422 at spec.image; stored anyway, straight into ZooKeeper as before that check existed, they reach a real agent
// and a real Docker engine, and the agent stays up, reports each Task FAILED, and keeps the other Task running.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type AnyObject,
  Deployment,
  type Event,
  JobSpec,
  type JobSpecInput,
  jobId,
  taskName,
} from '../../apis/index.js'
import { silentLog } from '../../apiserver/log.js'
import { ZooKeeperStore } from '../../apiserver/storage/zookeeper-store.js'
import {
  agentName,
  type Cluster,
  inspectContainer,
  startCluster,
  TEST_IMAGE,
  taskStatus,
  waitFor,
  waitRunning,
} from '../harness.js'

const REFUSED = [
  '..',
  'x/../../y',
  'x@sha256:../../',
  '%2e%2e',
  './x',
  'x/./y',
  'x//y',
  'Nginx',
  'nginx\n:latest',
  'ng inx',
  'ｎｇｉｎｘ',
  'x:tag@sha256:short',
  `x@sha256:${'a'.repeat(63)}`,
  `a/${'b'.repeat(254)}`,
]
// The spellings of the issue, and a few more that make the engine answer a redirect or another path.
const STORED = ['..', 'x/../../y', 'x@sha256:../../', '%2e%2e/json', 'x/..%2f../containers/json?all=1', '../..']

let cluster: Cluster
let host: string
let store: ZooKeeperStore | undefined
const api = (path: string, init?: RequestInit) =>
  fetch(`${cluster.server}/apis/helios/v1${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  })
const job = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name },
  spec,
})

beforeAll(async () => {
  host = agentName('bad-images')
  cluster = await startCluster({ agents: [{ name: host }] })
  const created = await cluster.ctl(['create', 'good:v1', TEST_IMAGE, '--', 'sh', '-c', 'while true; do sleep 1; done'])
  expect(created.stderr).toBe('')
  expect((await cluster.ctl(['deploy', 'good:v1', host])).code).toBe(0)
  await waitRunning(cluster.server, `good-v1@${host}`)
})
afterAll(async () => {
  await store?.close()
  await cluster?.stop()
})

describe('the apiserver', () => {
  test('refuses every bad image with 422 naming spec.image (POST, apply, a composite container), storing nothing', async () => {
    for (const [i, image] of REFUSED.entries()) {
      for (const [path, body, field] of [
        ['/jobs', job(`bad-${i}:v1`, { image }), 'spec.image'],
        ['/apply', job(`bad-${i}:v1`, { image }), 'spec.image'],
        [
          '/jobs',
          job(`bad-${i}:v2`, { image: TEST_IMAGE, containers: [{ name: 'side', image }] }),
          'spec.containers[0].image',
        ],
      ] as const) {
        const res = await api(path, { method: 'POST', body: JSON.stringify(body) })
        const status = (await res.json()) as { reason?: string; causes?: Array<{ field: string; message: string }> }
        expect({ image, path, code: res.status, reason: status.reason }).toEqual({
          image,
          path,
          code: 422,
          reason: 'Invalid',
        })
        expect(status.causes).toEqual([{ field, message: expect.stringMatching(/^not a Docker image reference: /) }])
      }
    }
    const jobs = (await (await api('/jobs')).json()) as { items: AnyObject[] }
    expect(jobs.items.map((j) => j.metadata.name)).toEqual(['good:v1'])
  })

  test('heliosctl create names spec.image and what is wrong with it, and exits non-zero', async () => {
    const out = await cluster.ctl(['create', 'bad:v1', 'x/../../y'])
    expect(out.code).not.toBe(0)
    expect(out.stderr).toBe(
      'error: Job "bad:v1" is invalid: spec.image: not a Docker image reference: path component ".." is not lowercase letters and digits, joined by ".", "_", "__" or "-"\nhint: fix spec.image and re-run\n',
    )
  })
})

describe('images stored before the check', () => {
  test('the agent stays up, reports each Task FAILED with a clear message, and the good Task keeps RUNNING', async () => {
    const agent = cluster.agent(host)
    const pid = agent.pid
    const good = await taskStatus(cluster.server, `good-v1@${host}`)
    store = new ZooKeeperStore({ connect: cluster.zk.connect, root: cluster.apiserver.zkRoot, log: silentLog })
    await store.start()
    const tasks = STORED.map((_, i) => ({ task: taskName(`legacy-${i}`, host) }))
    for (const [i, image] of STORED.entries()) await storeLegacy(store, `legacy-${i}`, image)

    // Each failure reaches the user as the agent's Warning Event on the Task, naming the reference's problem.
    // (The Task's own status write is refused, 422: the status route re-validates the stored spec it keeps.)
    const events = await waitFor(
      async () => {
        if (!agent.running) throw new Error(`the agent exited:\n${agent.tail(15)}`)
        const list = (await (await api('/events')).json()) as { items: Event[] }
        const failed = (task: string) =>
          list.items.find(
            (e) =>
              e.involvedObject.name === task &&
              e.type === 'Warning' &&
              e.task?.state === 'FAILED' &&
              e.task.throttled === 'IMAGE_PULL_FAILED',
          )
        const found = tasks.map((t) => failed(t.task))
        if (found.every((e) => e !== undefined)) return found
        const seen = list.items.map((e) => `${e.involvedObject.name} ${e.type} ${e.message}`)
        throw new Error(`events so far: ${seen.join(' | ')}`)
      },
      { timeoutMs: 60_000, what: 'a FAILED / IMAGE_PULL_FAILED Event for every stored Task' },
    )
    for (const [i, event] of events.entries()) {
      expect(event?.task?.containerError).toMatch(
        /^image ".*" is not present and could not be pulled: not a Docker image reference: \S/,
      )
      expect(event?.message).toContain(`FAILED [IMAGE_PULL_FAILED]: image ${JSON.stringify(STORED[i])}`)
    }
    // IMAGE_PULL_FAILED is retried after 30 s: a second attempt at every Task shows the agent went round again.
    await waitFor(
      async () => {
        const lines = readFileSync(agent.logFile, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
        const attempts = (task: string) =>
          lines
            .map((l) => JSON.parse(l) as { msg?: string; task?: string })
            .filter((l) => l.msg === 'pulling image' && l.task === task).length
        return tasks.every((t) => attempts(t.task) >= 2) || undefined
      },
      { timeoutMs: 90_000, what: `a second pull attempt at every stored Task (${agent.logFile})` },
    )
    expect(agent.running).toBe(true)
    expect(agent.pid).toBe(pid)
    expect(agent.tail(400)).not.toMatch(/uncaught|ENOTFOUND|unhandled/i)
    const still = await taskStatus(cluster.server, `good-v1@${host}`)
    expect(still).toMatchObject({ state: 'RUNNING', containerId: good?.containerId })
    expect((await inspectContainer(good?.containerId ?? '')).State.Running).toBe(true)
    // The agent still does its work: a new good Task runs.
    const again = await cluster.ctl([
      'create',
      'again:v1',
      TEST_IMAGE,
      '--',
      'sh',
      '-c',
      'while true; do sleep 1; done',
    ])
    expect(again.stderr).toBe('')
    expect((await cluster.ctl(['deploy', 'again:v1', host])).code).toBe(0)
    await waitRunning(cluster.server, `again-v1@${host}`)
  })
})

/**
 * Writes a Job, its Deployment and its Task the way an apiserver without the image check stored them. The
 * deployment controller deletes a Task whose Deployment it has not seen (an orphan), so the Task is written once
 * the controller has tried to create it itself (and been refused: 422); it is the Task the controller would make.
 */
async function storeLegacy(zk: ZooKeeperStore, name: string, image: string): Promise<void> {
  const jobName = `${name}:v1`
  const spec = { ...JobSpec.parse({ image: TEST_IMAGE } satisfies JobSpecInput), image }
  const id = jobId(jobName, spec)
  const meta = (objectName: string) => ({
    name: objectName,
    labels: {},
    annotations: {},
    uid: randomUUID(),
    creationTimestamp: new Date().toISOString(),
    generation: 1,
  })
  await zk.create({ apiVersion: 'helios/v1', kind: 'Job', metadata: meta(jobName), spec, status: { id } } as AnyObject)
  const deployment = Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { job: jobName, hosts: [host] },
  })
  await zk.create({ ...deployment, metadata: meta(name) } as AnyObject)
  const task = taskName(name, host)
  const refused = JSON.stringify(`Task "${task}" is invalid: spec.jobSpec.image`).slice(1, -1)
  await waitFor(async () => readFileSync(cluster.apiserver.logFile, 'utf8').includes(refused) || undefined, {
    timeoutMs: 30_000,
    what: `the deployment controller to try creating ${task} (${cluster.apiserver.logFile})`,
  })
  await zk.create({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: meta(task),
    spec: { host, deployment: name, job: jobName, jobId: id, jobSpec: spec, goal: 'START' },
  } as AnyObject)
}
