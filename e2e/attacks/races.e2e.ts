// Issue 13 item 9 against a real apiserver on a real ZooKeeper, in rounds: rules across objects cannot be raced.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ApiserverHandle, startApiserver, startZooKeeper, TEST_IMAGE, type ZooKeeperHandle } from '../harness.js'

const API = '/apis/helios/v1'
const ROUNDS = 50
let zk: ZooKeeperHandle
let apiserver: ApiserverHandle

beforeAll(async () => {
  zk = await startZooKeeper()
  // No controllers: nothing but the racing requests writes, so what is stored is what they left.
  apiserver = await startApiserver({ zk: zk.connect, extraArgs: ['--no-controllers'] })
})
afterAll(async () => {
  await apiserver?.stop()
  await zk?.stop()
})

async function send(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(apiserver.url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  await res.arrayBuffer()
  return res.status
}

const job = (name: string, port?: number) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name },
  spec: { image: TEST_IMAGE, ports: port ? { http: { internalPort: 80, externalPort: port } } : {} },
})
const deployment = (name: string, jobName: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { job: jobName, hosts: ['h1'] },
})

async function items(plural: string): Promise<Array<{ metadata: { name: string }; spec: { job?: string } }>> {
  const res = await fetch(`${apiserver.url}${API}/${plural}`)
  return ((await res.json()) as { items: Array<{ metadata: { name: string }; spec: { job?: string } }> }).items
}

test('two Deployments claiming one static port on one host at once: exactly one is admitted, every round', async () => {
  const outcomes: number[][] = []
  for (let round = 0; round < ROUNDS; round++) {
    const port = 20_000 + round
    expect(await send('POST', `${API}/jobs`, job(`a${round}:v1`, port))).toBe(201)
    expect(await send('POST', `${API}/jobs`, job(`b${round}:v1`, port))).toBe(201)
    const statuses = await Promise.all([
      send('POST', `${API}/deployments`, deployment(`a${round}`, `a${round}:v1`)),
      send('POST', `${API}/apply`, deployment(`b${round}`, `b${round}:v1`)),
    ])
    outcomes.push(statuses)
    const ok = statuses.filter((s) => s === 201 || s === 200)
    expect(ok, `round ${round}: ${statuses}`).toHaveLength(1)
    expect(
      statuses.filter((s) => s === 409),
      `round ${round}: ${statuses}`,
    ).toHaveLength(1)
  }
  const deployed = await items('deployments')
  expect(deployed).toHaveLength(ROUNDS)
})

test('deleting a Job while a Deployment naming it is created: never a Deployment of a missing Job, every round', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const name = `gone${round}:v1`
    expect(await send('POST', `${API}/jobs`, job(name))).toBe(201)
    const [created, deleted] = await Promise.all([
      send('POST', `${API}/deployments`, deployment(`d${round}`, name)),
      send('DELETE', `${API}/jobs/${name}`),
    ])
    expect(
      [created, deleted].filter((s) => s < 300),
      `round ${round}: create ${created}, delete ${deleted}`,
    ).toHaveLength(1)
  }
  const jobs = new Set((await items('jobs')).map((j) => j.metadata.name))
  const orphans = (await items('deployments')).filter((d) => d.spec.job?.startsWith('gone') && !jobs.has(d.spec.job))
  expect(orphans).toEqual([])
})
