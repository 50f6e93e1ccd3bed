// Run-once Jobs end SUCCEEDED or FAILED with their exit code; a composite Job's containers share localhost.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  applyYaml,
  type Cluster,
  containerIds,
  curl,
  docker,
  inspectContainer,
  sleep,
  startCluster,
  waitFor,
  waitTask,
} from '../harness.js'

let cluster: Cluster
let host: string

const runOnce = (name: string, policy: string, exit: number) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "${name}:v1" }
spec:
  image: helios-test/busybox:latest
  command: ["sh", "-c", "sleep 1; exit ${exit}"]
  restartPolicy: ${policy}
---
apiVersion: helios/v1
kind: Deployment
metadata: { name: ${name} }
spec: { job: "${name}:v1", hosts: ["${host}"] }
`

beforeAll(async () => {
  host = `e2e-work-${process.pid}`
  cluster = await startCluster({ agents: [{ name: host, labels: {} }] })
})
afterAll(async () => {
  await cluster?.stop()
})

test('a run-once Job that exits 0 ends SUCCEEDED and is not restarted', async () => {
  await applyYaml(cluster.server, runOnce('once-ok', 'Never', 0))
  const done = await waitTask(cluster.server, `once-ok@${host}`, (s) => s.state === 'SUCCEEDED', {
    what: 'SUCCEEDED',
  })
  expect(done.exitCode).toBe(0)
  await sleep(3000) // longer than Helios' 1 s restart delay: a restart would show by now
  const ids = await containerIds([`helios.task=once-ok@${host}`], { all: true })
  expect(ids).toHaveLength(1)
  expect((await inspectContainer(ids[0] as string)).State.Status).toBe('exited')
  expect((await waitTask(cluster.server, `once-ok@${host}`, () => true, { what: 'a status' })).state).toBe('SUCCEEDED')
})

test('a run-once Job that exits 3 ends FAILED with exit code 3 (restartPolicy Never)', async () => {
  await applyYaml(cluster.server, runOnce('once-bad', 'Never', 3))
  const failed = await waitTask(cluster.server, `once-bad@${host}`, (s) => s.state === 'FAILED', { what: 'FAILED' })
  expect(failed.exitCode).toBe(3)
  expect(failed.containerError).toContain('3')
})

test("a composite Job's two containers reach each other on localhost, and the sidecar's port is published", async () => {
  await applyYaml(
    cluster.server,
    `
apiVersion: helios/v1
kind: Job
metadata: { name: "pod:v1" }
spec:
  image: helios-test/busybox:latest
  ports: { http: { internalPort: 80 } }
  containers:
    - name: side
      image: helios-test/busybox:latest
      command: ["sh", "-c", "mkdir -p /s && echo from-sidecar > /s/index.html && httpd -f -p 8081 -h /s"]
      ports: { side: { internalPort: 8081 } }
  healthCheck: { type: tcp, port: side }
---
apiVersion: helios/v1
kind: Deployment
metadata: { name: pod }
spec: { job: "pod:v1", hosts: ["${host}"] }
`,
  )
  const running = await waitTask(cluster.server, `pod@${host}`, (s) => s.state === 'RUNNING', { what: 'RUNNING' })
  const ids = await containerIds([`helios.task=pod@${host}`])
  expect(ids).toHaveLength(2)
  const main = running.containerId as string
  const sidecar = ids.find((id) => id !== main) as string
  expect((await inspectContainer(sidecar)).HostConfig.NetworkMode).toBe(`container:${main}`)
  // From the main container, the sidecar answers on localhost; and from the host, through main's published port.
  const inside = await docker(['exec', main, 'wget', '-q', '-O', '-', 'http://127.0.0.1:8081/'])
  expect(inside.stdout.trim()).toBe('from-sidecar')
  const published = running.ports?.side?.externalPort
  const page = await waitFor(() => curl(`http://127.0.0.1:${published}/`), { timeoutMs: 10_000, what: 'sidecar port' })
  expect(page.body.trim()).toBe('from-sidecar')
})
