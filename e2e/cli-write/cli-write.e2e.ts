// kubectl write verbs against a real cluster: diff of a new app (exit 1) → apply --wait (per-host line, exit 0)
// → diff clean (exit 0) → a new Job version with another env: diff shows it, apply --wait runs the new container;
// a missing image fails apply --wait with IMAGE_MISSING; delete -f removes it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  containerIds,
  heliosctl,
  inspectContainer,
  startCluster,
  TEST_IMAGE,
} from '../harness.js'

let cluster: Cluster
let host: string
let dir: string
const ctl = (...args: string[]) => heliosctl(args, { server: cluster.apiserver.url, timeoutMs: 150_000 })

const app = (version: string, greeting: string, image = TEST_IMAGE, name = 'cliw') => `apiVersion: helios/v1
kind: Job
metadata: {name: "${name}:${version}"}
spec:
  image: ${image}
  env: {GREETING: ${greeting}}
  secondsToWaitBeforeKill: 1
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: ${name}}
spec: {job: "${name}:${version}", hosts: [${host}]}
`

beforeAll(async () => {
  host = agentName('cli-write')
  dir = await mkdtemp(join(tmpdir(), 'cli-write-'))
  await mkdir(join(dir, 'app'))
  await mkdir(join(dir, 'bad'))
  await writeFile(join(dir, 'app', 'app.yaml'), app('v1', 'one'))
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
})
afterAll(async () => {
  await cluster?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

test('diff a new app (exit 1), apply --wait until RUNNING (exit 0), then diff is clean (exit 0)', async () => {
  const fresh = await ctl('diff', '-f', join(dir, 'app'))
  expect(fresh.stderr).toBe('')
  expect(fresh.code).toBe(1)
  expect(fresh.stdout).toContain('diff -u live/deployment/cliw merged/deployment/cliw\n')
  expect(fresh.stdout).toContain('+    GREETING: one\n')

  const applied = await ctl('apply', '-f', join(dir, 'app'), '--wait', '--timeout', '120s')
  expect(applied.stderr).toBe('')
  expect(applied.code).toBe(0)
  expect(applied.stdout).toContain('deployment/cliw created\n')
  expect(applied.stdout).toContain(`cliw@${host} RUNNING cliw:v1\n`)
  expect(applied.stdout).toContain('deployment "cliw" successfully rolled out')

  expect(await ctl('diff', '-f', join(dir, 'app'))).toMatchObject({ code: 0, stdout: '', stderr: '' })
})

test('a new Job version with another env: diff shows the change, apply --wait runs the new container', async () => {
  await writeFile(join(dir, 'app', 'app.yaml'), app('v2', 'two'))
  const changed = await ctl('diff', '-f', join(dir, 'app'))
  expect(changed.code).toBe(1)
  expect(changed.stdout).toContain('-  job: cliw:v1\n+  job: cliw:v2\n')
  expect(changed.stdout).toContain('+    GREETING: two\n')

  const applied = await ctl('apply', '-f', join(dir, 'app'), '--wait', '--timeout', '120s')
  expect(applied.stderr).toBe('')
  expect(applied.code).toBe(0)
  expect(applied.stdout).toContain('deployment/cliw configured\n')
  expect(applied.stdout).toContain(`cliw@${host} RUNNING cliw:v2\n`)
  const [id, ...others] = await containerIds([`helios.host=${host}`, `helios.task=cliw@${host}`])
  expect(others).toEqual([])
  expect((await inspectContainer(id ?? 'none')).Config.Env).toContain('GREETING=two')
})

test('a missing image fails apply --wait naming IMAGE_MISSING (exit 1); delete -f removes it', async () => {
  await writeFile(join(dir, 'bad', 'bad.yaml'), app('v1', 'x', 'helios-test/nope:1', 'cliw-bad'))
  const failed = await ctl('apply', '-f', join(dir, 'bad'), '--wait', '--timeout', '60s')
  expect(failed.code).toBe(1)
  expect(failed.stdout).toContain('deployment/cliw-bad created\n')
  expect(failed.stderr).toMatch(/^error: deployment\/cliw-bad: task cliw-bad@\S+ IMAGE_MISSING: /)

  const deleted = await ctl('delete', '-f', join(dir, 'bad'))
  expect(deleted).toEqual({ code: 0, stdout: 'deployment/cliw-bad deleted\njob/cliw-bad:v1 deleted\n', stderr: '' })
  expect((await ctl('get', 'deployment', 'cliw-bad')).code).toBe(1)
})
