// Helios' verbs end to end: create with a health check, env and a volume; inspect; a deployment group rolled out on
// two role=web hosts; its status; stop and start on one host (Docker sees it); hosts by status and label; the group removed.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, containerIds, inspectContainer, startCluster, waitFor } from '../harness.js'

let cluster: Cluster
const web1 = `e2e-verbs-a-${process.pid}`
const web2 = `e2e-verbs-b-${process.pid}`
const ctl = (...args: string[]) => cluster.ctl(args)

beforeAll(async () => {
  cluster = await startCluster({
    agents: [
      { name: web1, labels: { role: 'web' } },
      { name: web2, labels: { role: 'web' } },
    ],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

/** Whether the job's container on `host` runs, as Docker says; undefined while it has none. */
async function running(host: string): Promise<boolean | undefined> {
  const [id] = await containerIds([`helios.host=${host}`], { all: true })
  return id === undefined ? undefined : (await inspectContainer(id)).State.Running
}

const waitRunningIs = (host: string, want: boolean) =>
  waitFor(async () => ((await running(host)) === want ? true : undefined), {
    timeoutMs: 90_000,
    what: `the container on ${host} ${want ? 'running' : 'stopped'}`,
  })

test('create and inspect: --http-check, --env and --volume reach the job', async () => {
  const argv = ['create', 'web:v1', 'helios-test/busybox:latest', '-p', 'http=80', '--http-check', 'http:/']
  const created = await ctl(...argv, '--env', 'GREETING=hi', '--volume', '/scratch', '-q')
  expect(created.stderr).toBe('')
  expect(created.stdout).toMatch(/^web:v1:[0-9a-f]{40}\n$/)
  const inspected = JSON.parse((await ctl('inspect', 'web:v1', '--json')).stdout)
  expect(inspected).toMatchObject({
    id: created.stdout.trim(),
    healthCheck: { type: 'http', port: 'http', path: '/' },
    env: { GREETING: 'hi' },
    volumes: { '/scratch': '' },
  })
})

test('a deployment group rolled out on both role=web hosts, its status, stop and start on one host', async () => {
  expect((await ctl('create-deployment-group', 'g', 'role=web')).stdout).toContain('{"status":"CREATED"}')
  const rolled = await ctl('rolling-update', 'web:v1', 'g', '-T', '2')
  expect(rolled.stderr).toBe('')
  expect(rolled.code).toBe(0)
  expect(rolled.stdout).toContain(`${web1} -> RUNNING`)
  expect(rolled.stdout).toContain(`${web2} -> RUNNING`)

  const status = await ctl('deployment-group-status', 'g')
  expect(status.stdout).toMatch(/Status: ACTIVE\n/)
  for (const host of [web1, web2]) expect(status.stdout).toMatch(new RegExp(`${host} +X +web:v1:\\w{7} +RUNNING`))
  const [id] = await containerIds([`helios.host=${web1}`])
  expect((await inspectContainer(id ?? '')).Mounts.map((m) => m.Destination)).toContain('/scratch')

  expect((await ctl('stop', 'web:v1', web1)).stdout).toContain(`${web1}: done`)
  await waitRunningIs(web1, false)
  expect(await running(web2)).toBe(true)
  expect((await ctl('start', 'web:v1', web1)).stdout).toContain(`${web1}: done`)
  await waitRunningIs(web1, true)
})

test('hosts --status UP -s role=web lists both; remove-deployment-group removes the group and its containers', async () => {
  const hosts = await ctl('hosts', '--status', 'UP', '-s', 'role=web', '-q')
  expect(hosts.stdout.trim().split('\n').sort()).toEqual([web1, web2].sort())
  expect((await ctl('remove-deployment-group', 'g')).stdout).toContain('Deployment-group g removed')
  expect((await ctl('list-deployment-groups', '--json')).stdout).toBe('[]\n')
  await waitFor(async () => ((await running(web1)) === undefined && (await running(web2)) === undefined) || undefined, {
    timeoutMs: 90_000,
    what: 'the group containers removed',
  })
})
