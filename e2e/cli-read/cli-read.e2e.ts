// The kubectl read verbs against a real cluster: wait, get -w, describe, and wait --for=delete.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, REPO_ROOT, startCluster, TEST_IMAGE, waitFor } from '../harness.js'

let cluster: Cluster
let host: string
let watcher: ChildProcessWithoutNullStreams | undefined

const manifests = (goal: 'START' | 'STOP') => `apiVersion: helios/v1
kind: Job
metadata: {name: "read-web:v1"}
spec:
  image: ${TEST_IMAGE}
  ports: {http: {internalPort: 80}}
  secondsToWaitBeforeKill: 2
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: read-web}
spec: {job: "read-web:v1", hosts: [${host}], goal: ${goal}}
`

beforeAll(async () => {
  host = agentName('cli-read')
  cluster = await startCluster({ agents: [{ name: host }] })
})
afterAll(async () => {
  watcher?.kill('SIGKILL')
  await cluster?.stop()
})

test('wait, get -w, describe, delete and wait --for=delete, and a wait that times out', async () => {
  const applied = await cluster.ctl(['apply', '-f', '-'], { stdin: manifests('START') })
  expect(applied.stderr).toBe('')

  const running = await cluster.ctl(['wait', '--for=state=RUNNING', 'deployment/read-web', '--timeout', '120s'], {
    timeoutMs: 130_000,
  })
  expect(running).toMatchObject({ code: 0, stdout: 'deployment/read-web condition met\n' })

  const described = await cluster.ctl(['describe', 'deployment', 'read-web'])
  expect(described.code).toBe(0)
  expect(described.stdout).toMatch(new RegExp(`\\nTasks:\\n {2}HOST .*\\n {2}${host} +read-web:v1 +START +RUNNING `))
  expect(described.stdout).toMatch(/\nEvents:\n {2}AGE +TYPE +REASON +OBJECT +FROM +MESSAGE\n/)
  expect(described.stdout).toContain(`task/read-web@${host}`)

  // get -w as a user runs it: a process that keeps printing until Ctrl-C.
  const task = `read-web@${host}`
  watcher = spawn(process.execPath, [join(REPO_ROOT, 'dist/heliosctl/main.js'), 'get', 'tasks', '-w'], {
    env: { ...process.env, HELIOS_SERVER: cluster.server, NO_COLOR: '1' },
  })
  let out = ''
  watcher.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  const exited = new Promise<number | null>((resolve) => watcher?.on('close', (code) => resolve(code)))
  await waitFor(async () => new RegExp(`^${task} .* RUNNING `, 'm').test(out), { timeoutMs: 30_000, what: 'the table' })
  const stop = await cluster.ctl(['apply', '-f', '-'], { stdin: manifests('STOP') })
  expect(stop.code).toBe(0)
  await waitFor(async () => new RegExp(`^${task} +\\S+ +read-web:v1 +STOP +STOPPED `, 'm').test(out), {
    timeoutMs: 60_000,
    what: `a STOPPED row in get -w output:\n${out}`,
  })
  watcher.kill('SIGINT')
  expect(await exited).toBe(0)

  const deleted = await cluster.ctl(['delete', 'deployment', 'read-web'])
  expect(deleted.stdout).toBe('deployment/read-web deleted\n')
  const gone = await cluster.ctl(['wait', '--for=delete', 'deployment/read-web', `task/${task}`, '--timeout', '90s'], {
    timeoutMs: 100_000,
  })
  expect(gone).toMatchObject({
    code: 0,
    stdout: expect.stringContaining(`task/${task} condition met\n`),
  })

  const never = await cluster.ctl(['wait', '--for=state=DOWN', `host/${host}`, '--timeout', '3s'])
  expect(never).toEqual({
    code: 1,
    stdout: '',
    stderr: `error: timed out waiting for the condition on host/${host} (state UP)\n`,
  })
})
