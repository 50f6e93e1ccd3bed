// Issue 14: `heliosctl deploy JOB nosuchhost` printed done, and a Job whose static port another Job holds on the host
// was deployed and sat FAILED. Now Helios' answers (HOST_NOT_FOUND, PORT_CONFLICT), exit 1, and nothing stored.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { applyYaml, type Cluster, freePort, listObjects, startCluster, type TaskView, waitFor } from '../harness.js'

let cluster: Cluster
let h1: string
let port: number
const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 60_000 })

const job = (name: string, external: number) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "${name}" }
spec:
  image: helios-test/busybox:latest
  ports: { http: { internalPort: 80, externalPort: ${external} } }
  secondsToWaitBeforeKill: 1
`

/** Every Deployment and Task name stored, to show a refused deploy stored nothing. */
async function stored(): Promise<string[]> {
  const deployments = await listObjects<{ metadata: { name: string } }>(cluster.server, 'Deployment')
  const tasks = await listObjects<TaskView>(cluster.server, 'Task')
  return [
    ...deployments.map((d) => `deployment/${d.metadata.name}`),
    ...tasks.map((t) => `task/${t.metadata.name}`),
  ].sort()
}

beforeAll(async () => {
  h1 = `e2e-refusals-${process.pid}-h1`
  cluster = await startCluster({ agents: [{ name: h1, labels: { role: 'web' } }] })
  port = await freePort()
  await applyYaml(cluster.server, [job('foo:1', port), job('bar:1', port), job('baz:1', port)].join('---\n'))
})
afterAll(async () => {
  await cluster?.stop()
})

test('deploy to an unknown host: HOST_NOT_FOUND per host (text and --json), exit 1, nothing stored', async () => {
  const text = await ctl('deploy', 'foo:1', 'nosuchhost')
  expect(text.code).toBe(1)
  expect(text.stdout).toMatch(/^Deploying Deployment\{jobId=foo:1:\w{40}, goal=START\} on \[nosuchhost\]\n/)
  expect(text.stdout).toMatch(
    /\nnosuchhost: failed: JobDeployResponse\{status=HOST_NOT_FOUND, job=foo:1:\w{40}, host='nosuchhost'\}\n$/,
  )
  expect(text.stderr).toContain('nosuchhost: HOST_NOT_FOUND')
  const json = await ctl('--json', 'deploy', 'foo:1', 'nosuchhost')
  expect(json.code).toBe(1)
  expect(JSON.parse(json.stdout)).toEqual({
    host: 'nosuchhost',
    job: expect.stringMatching(/^foo:1:\w{40}$/),
    status: 'HOST_NOT_FOUND',
  })
  // A spelling of a registered host is another name.
  expect((await ctl('--json', 'deploy', 'foo:1', h1.toUpperCase())).stdout).toContain('"status":"HOST_NOT_FOUND"')
  expect(await stored()).toEqual([])
})

test('a static port another job holds on the host: PORT_CONFLICT (Helios PortCollisionJobTest), nothing stored', async () => {
  expect((await ctl('deploy', 'foo:1', h1, '--no-start')).stdout).toContain(`${h1}: done`)
  const clash = await ctl('deploy', 'bar:1', h1, '--no-start')
  expect(clash.code).toBe(1)
  expect(clash.stdout).toContain(`${h1}: failed: JobDeployResponse{status=PORT_CONFLICT, job=bar:1:`)
  expect(clash.stderr).toContain(
    `PORT_CONFLICT: port ${port}/tcp on host ${h1} is already used by deployment "foo-1" (job foo:1)`,
  )
  const json = await ctl('--json', 'deploy', 'bar:1', h1)
  expect(JSON.parse(json.stdout)).toMatchObject({ host: h1, status: 'PORT_CONFLICT' })
  await waitFor(async () => (await stored()).includes(`task/foo-1@${h1}`), {
    timeoutMs: 30_000,
    what: 'the Task of foo:1',
  })
  expect(await stored()).toEqual(['deployment/foo-1', `task/foo-1@${h1}`])
})

test("a static port held by a group's Task on a host it selects: PORT_CONFLICT too", async () => {
  expect((await ctl('undeploy', 'foo:1', h1)).code).toBe(0)
  await waitFor(async () => (await stored()).length === 0, { timeoutMs: 30_000, what: 'foo:1 undeployed' })
  expect((await ctl('create-deployment-group', 'g', 'role=web')).code).toBe(0)
  expect((await ctl('rolling-update', 'baz:1', 'g', '--async')).code).toBe(0)
  await waitFor(async () => (await stored()).includes(`task/g@${h1}`), { timeoutMs: 30_000, what: 'the group Task' })
  const clash = await ctl('deploy', 'bar:1', h1)
  expect(clash.code).toBe(1)
  expect(clash.stdout).toContain('status=PORT_CONFLICT')
  expect(clash.stderr).toContain('deployment "g" (job baz:1)')
  expect((await stored()).filter((n) => n.includes('bar'))).toEqual([])
})
