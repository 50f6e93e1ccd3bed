// GitOps: `heliosctl apply -f DIR --watch --prune` in the background. A file with a Job and a Deployment appears →
// its container runs; a new Job version → the container is replaced; a broken file is reported and skipped while
// another file still syncs, and a file that breaks keeps its objects; the first file is deleted → its Deployment is pruned and its container removed; SIGINT → 0.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  containerIds,
  inspectContainer,
  startCluster,
  TEST_IMAGE,
  waitFor,
  waitRunning,
} from '../harness.js'
import { startWatch, type WatchProcess } from './watch-process.js'

let cluster: Cluster
let host: string
let folder: string
let watch: WatchProcess | undefined

const web = (version: string, greeting: string) => `apiVersion: helios/v1
kind: Job
metadata:
  name: gitops-web:${version}
spec:
  image: ${TEST_IMAGE}
  env: {GREETING: ${greeting}}
  secondsToWaitBeforeKill: 1
---
apiVersion: helios/v1
kind: Deployment
metadata:
  name: gitops-web
spec:
  job: gitops-web:${version}
  hosts: [${host}]
`
const loneJob = `apiVersion: helios/v1\nkind: Job\nmetadata: {name: "gitops-other:v1"}\nspec: {image: ${TEST_IMAGE}}\n`
const webContainers = () => containerIds([`helios.host=${host}`, `helios.task=gitops-web@${host}`])

beforeAll(async () => {
  host = agentName('gitops')
  folder = await mkdtemp(join(tmpdir(), 'gitops-'))
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
})
afterAll(async () => {
  watch?.kill()
  await cluster?.stop()
  if (folder) await rm(folder, { recursive: true, force: true })
})

test('apply --watch --prune syncs a folder as it changes', async () => {
  const w = startWatch(cluster.server, ['apply', '-f', folder, '--watch', '--prune'])
  watch = w
  await w.waitLine(/^sync 1: no changes; warning: no manifests in .*: nothing is pruned until one appears$/, {
    after: 0,
  })

  let seen = w.lines().length
  await writeFile(join(folder, 'web.yaml'), web('v1', 'hello'))
  const created = await w.waitLine(/^sync \d+: /, { after: seen })
  expect(created).toMatch(/^sync 2: job\/gitops-web:v1 created, deployment\/gitops-web created; converged in \d+\.\ds$/)
  const first = await waitRunning(cluster.server, `gitops-web@${host}`, { timeoutMs: 30_000 })
  expect(await webContainers()).toEqual([first.containerId])

  seen = w.lines().length
  await writeFile(join(folder, 'web.yaml'), web('v2', 'bonjour'))
  expect(await w.waitLine(/^sync \d+: /, { after: seen })).toMatch(
    /^sync 3: job\/gitops-web:v2 created, deployment\/gitops-web configured, job\/gitops-web:v1 pruned; converged in/,
  )
  const second = await waitRunning(cluster.server, `gitops-web@${host}`, { not: first.containerId, timeoutMs: 30_000 })
  const [replaced] = await waitFor(
    async () => {
      const ids = await webContainers()
      return ids.length === 1 && ids[0] === second.containerId ? ids : undefined
    },
    { timeoutMs: 30_000, what: 'only the new container to run' },
  )
  expect((await inspectContainer(replaced ?? '')).Config.Env).toContain('GREETING=bonjour')

  seen = w.lines().length
  await writeFile(join(folder, 'broken.yaml'), 'kind: Job\nmetadata: {name: [\n')
  const broken = await w.waitLine(/^sync \d+: /, { after: seen })
  expect(broken).toMatch(/^sync 4: no changes; error: .*broken\.yaml:\d+:\d+: malformed YAML: .*\(file skipped\)$/)

  seen = w.lines().length
  await writeFile(join(folder, 'other.yaml'), loneJob)
  expect(await w.waitLine(/^sync \d+: /, { after: seen })).toMatch(
    /^sync 5: job\/gitops-other:v1 created; converged in \d+\.\ds; error: .*broken\.yaml.*malformed YAML/,
  )

  // A file that held objects breaks (a schema error): named with object and field; its Job is kept, not pruned.
  seen = w.lines().length
  await writeFile(join(folder, 'other.yaml'), loneJob.replace('{image:', '{imagee: x, image:'))
  expect(await w.waitLine(/^sync \d+: /, { after: seen })).toContain(
    'other.yaml: Job "gitops-other:v1" is invalid: spec.imagee: unknown field (line 4) (file skipped; keeping job/gitops-other:v1)',
  )

  seen = w.lines().length
  await unlink(join(folder, 'web.yaml'))
  expect(await w.waitLine(/^sync \d+: /, { after: seen })).toMatch(
    /^sync 7: deployment\/gitops-web pruned, job\/gitops-web:v2 pruned; converged in \d+\.\ds; error: .*broken\.yaml/,
  )
  await waitFor(async () => (await webContainers()).length === 0, {
    timeoutMs: 30_000,
    what: 'the pruned Deployment’s container to be removed',
  })
  expect((await cluster.ctl(['get', 'deployment', 'gitops-web'])).code).not.toBe(0)
  expect((await cluster.ctl(['get', 'job', 'gitops-other:v1'])).code).toBe(0)

  expect(await w.interrupt()).toBe(0)
})
