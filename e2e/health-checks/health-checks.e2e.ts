// http, tcp and exec health checks each hold a Task in HEALTHCHECKING until they pass, then it is RUNNING;
// a check that never passes keeps its Task HEALTHCHECKING with a reason while the other Tasks keep running.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type Cluster,
  curl,
  docker,
  freePort,
  startCluster,
  type TaskStatusView,
  taskStatus,
  waitRunning,
  waitTask,
} from '../harness.js'

let cluster: Cluster
const host = `e2e-health-${process.pid}`
const dir = mkdtempSync(join(tmpdir(), 'helios-e2e-health-'))
const HTTPD = ['httpd', '-f', '-p', '80', '-h', '/www']
// The server starts only once /tmp/go exists, so the test decides when the port opens.
const HTTPD_AFTER_GO = ['sh', '-c', `until [ -f /tmp/go ]; do sleep 1; done; exec ${HTTPD.join(' ')}`]

/** Applies a Job + Deployment `name` on our host; returns the Task's name. */
async function deploy(name: string, spec: Record<string, unknown>): Promise<string> {
  const job = { apiVersion: 'helios/v1', kind: 'Job', metadata: { name: `${name}:v1` }, spec }
  const deployment = {
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { job: `${name}:v1`, hosts: [host] },
  }
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, `${JSON.stringify(job)}\n---\n${JSON.stringify(deployment)}\n`)
  const out = await cluster.ctl(['apply', '-f', file])
  expect(out.stderr).toBe('')
  expect(out.code).toBe(0)
  return `${name}@${host}`
}

const web = (port: number) => ({
  image: 'helios-test/busybox:latest',
  ports: { http: { internalPort: 80, externalPort: port } },
  secondsToWaitBeforeKill: 1,
})

/** Waits until a failed check is reported (the Task is held, not merely starting); a Task that got RUNNING instead fails. */
async function heldBack(task: string, reason: RegExp) {
  const held = (s: TaskStatusView) => s.state === 'HEALTHCHECKING' && reason.test(s.containerError ?? '')
  const status = await waitTask(cluster.server, task, (s) => held(s) || s.state === 'RUNNING', {
    timeoutMs: 30_000,
    what: `HEALTHCHECKING with a reason matching ${reason}`,
  })
  expect(status.state, 'the check let the Task through before it could pass').toBe('HEALTHCHECKING')
  return status
}

let neverTask: string
const plainPort = { value: 0 }

beforeAll(async () => {
  cluster = await startCluster({ agents: [{ name: host }] })
  // Deployed first, so that by the last test its check has failed for the whole scenario.
  plainPort.value = await freePort()
  await deploy('plain', { ...web(plainPort.value) })
  neverTask = await deploy('never', {
    ...web(await freePort()),
    healthCheck: { type: 'exec', command: ['test', '-f', '/tmp/never'] },
  })
})
afterAll(async () => {
  await cluster?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('exec: HEALTHCHECKING until `test -f /tmp/ready` passes, then RUNNING in the same container', async () => {
  const task = await deploy('exec-check', {
    ...web(await freePort()),
    healthCheck: { type: 'exec', command: ['test', '-f', '/tmp/ready'] },
  })
  const held = await heldBack(task, /test -f \/tmp\/ready.*exited 1/)
  expect((await docker(['exec', held.containerId ?? '', 'touch', '/tmp/ready'])).code).toBe(0)
  const running = await waitRunning(cluster.server, task, { timeoutMs: 30_000 })
  expect(running.containerId).toBe(held.containerId)
})

test('http: HEALTHCHECKING while GET /ready.html answers 404, RUNNING once it answers 200', async () => {
  const port = await freePort()
  const task = await deploy('http-check', {
    ...web(port),
    healthCheck: { type: 'http', port: 'http', path: '/ready.html' },
  })
  const held = await heldBack(task, new RegExp(`127\\.0\\.0\\.1:${port}/ready\\.html.*404`))
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200) // up, but not ready
  const write = await docker(['exec', held.containerId ?? '', 'sh', '-c', 'echo ready > /www/ready.html'])
  expect(write.code).toBe(0)
  const running = await waitRunning(cluster.server, task, { timeoutMs: 30_000 })
  expect(running.containerId).toBe(held.containerId)
})

test('tcp: HEALTHCHECKING while nothing listens in the container, RUNNING once the server listens', async () => {
  const port = await freePort()
  const task = await deploy('tcp-check', {
    ...web(port),
    command: HTTPD_AFTER_GO,
    healthCheck: { type: 'tcp', port: 'http' },
  })
  // Docker's port proxy accepts on the host port even while nothing listens inside: the check must see through it.
  const held = await heldBack(task, new RegExp(`127\\.0\\.0\\.1:${port}`))
  expect(await curl(`http://127.0.0.1:${port}/`)).toBeUndefined()
  expect((await docker(['exec', held.containerId ?? '', 'touch', '/tmp/go'])).code).toBe(0)
  const running = await waitRunning(cluster.server, task, { timeoutMs: 30_000 })
  expect(running.containerId).toBe(held.containerId)
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
})

test('a check that never passes keeps its Task HEALTHCHECKING with a reason; the others keep running', async () => {
  const status = await heldBack(neverTask, /test -f \/tmp\/never.*exited 1/)
  expect(status.throttled).toBe('NO')
  const listed = await cluster.ctl(['status', '--job', 'never:v1'])
  expect(listed.stdout).toContain('HEALTHCHECKING')
  expect((await taskStatus(cluster.server, `plain@${host}`))?.state).toBe('RUNNING')
  expect((await curl(`http://127.0.0.1:${plainPort.value}/`))?.status).toBe(200)
  // Still held back after every other check of this scenario came and went.
  expect((await taskStatus(cluster.server, neverTask))?.state).toBe('HEALTHCHECKING')
})
