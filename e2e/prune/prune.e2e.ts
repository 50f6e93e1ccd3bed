// apply --prune --set: a folder of two Jobs + two Deployments; drop one pair from the folder and apply again →
// that pair is deleted and its container removed, the other keeps running in the same container.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  containerIds,
  freePort,
  heliosctl,
  startCluster,
  waitFor,
  waitRunning,
} from '../harness.js'
import { inputDir, renderInput } from '../input.js'

let cluster: Cluster
let host: string
let folder: string
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url })
const containersOf = (task: string) => containerIds([`helios.host=${host}`, `helios.task=${task}`])

beforeAll(async () => {
  host = agentName('prune')
  folder = renderInput(inputDir(import.meta.url), { HOST: host, PORT_A: await freePort(), PORT_B: await freePort() })
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
})
afterAll(async () => {
  await cluster?.stop()
  if (folder) await rm(folder, { recursive: true, force: true })
})

test('a Deployment and Job removed from the folder are pruned; the other keeps its container', async () => {
  const first = await ctl('apply', '-f', folder, '--prune', '--set', 'demo')
  expect(first.stderr).toBe('')
  expect(first.code).toBe(0)
  expect(first.stdout).toContain('deployment/prune-b created')
  expect(first.stdout).not.toContain('pruned')
  const a = await waitRunning(cluster.apiserver.url, `prune-a@${host}`, { timeoutMs: 20_000 })
  await waitRunning(cluster.apiserver.url, `prune-b@${host}`, { timeoutMs: 20_000 })
  expect(await containersOf(`prune-b@${host}`)).toHaveLength(1)

  await rm(join(folder, 'job-b.yaml'))
  await rm(join(folder, 'deployment-b.yaml'))
  const dry = await ctl('apply', '-f', folder, '--prune', '--set', 'demo', '--dry-run')
  expect(dry.stdout).toContain('deployment/prune-b pruned (dry run)\njob/prune-b:v1 pruned (dry run)\n')
  expect((await ctl('get', 'deployment', 'prune-b')).code).toBe(0)

  const second = await ctl('apply', '-f', folder, '--prune', '--set', 'demo')
  expect(second).toMatchObject({ code: 0, stderr: '' })
  expect(second.stdout).toBe(
    'job/prune-a:v1 unchanged\ndeployment/prune-a unchanged\ndeployment/prune-b pruned\njob/prune-b:v1 pruned\n',
  )
  await waitFor(async () => (await containersOf(`prune-b@${host}`)).length === 0, {
    timeoutMs: 15_000,
    what: 'the pruned container to be removed',
  })
  expect((await ctl('get', 'deployment', 'prune-b')).code).not.toBe(0)
  expect((await ctl('get', 'job', 'prune-b:v1')).code).not.toBe(0)
  expect(await containersOf(`prune-a@${host}`)).toEqual([a.containerId])
})
