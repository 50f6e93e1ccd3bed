// Helios' global flags and the verbs issue 16 added, on a real cluster: `-z URL` (the manual's alias) before and after
// the verb, the agent's --labels, register/deregister, masters with two apiservers (one stopped: DOWN),
// stop-deployment-group mid-rollout, watch with positional hosts and --exact.
import { hostname } from 'node:os'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, heliosctl, startApiserver, startCluster, waitFor } from '../harness.js'

let cluster: Cluster
const a = `e2e-compat-a-${process.pid}`
const b = `e2e-compat-b-${process.pid}`
const ctl = (...args: string[]) => cluster.ctl(args)
const DEAD = 'http://127.0.0.1:9'

beforeAll(async () => {
  cluster = await startCluster({
    agents: [
      { name: a, labels: { role: 'compat' } },
      { name: b, args: ['--labels', 'role=compat', '--labels', 'zone=b'] },
    ],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

test("`-z URL` before or after the verb beats HELIOS_SERVER; the agent's --labels select its host", async () => {
  const env = { HELIOS_SERVER: DEAD }
  for (const argv of [
    ['-z', cluster.server, 'hosts'],
    ['hosts', '-z', cluster.server],
  ]) {
    const result = await heliosctl(argv, { env })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain(a)
  }
  const zoned = await heliosctl(['-z', cluster.server, 'hosts', '-s', 'zone=b', '-q'], { env })
  expect(zoned.stdout.trim().split('\n')).toEqual([b])
})

test('register HOST ID creates the Host; deregister removes it, and refuses a host that runs a job', async () => {
  const spare = `e2e-compat-spare-${process.pid}`
  expect((await ctl('register', spare, 'id-42')).stdout).toBe(
    `Registering host ${spare} with id id-42\n${spare}: done\n`,
  )
  const stored = await cluster.ctlJson(['get', 'host', spare, '-o', 'json'])
  expect(stored.metadata.annotations).toEqual({ 'helios/host-id': 'id-42' })
  expect((await ctl('deregister', spare, '--yes')).stdout).toBe(`Deregistering host ${spare}\n${spare}: done\n`)
  expect((await ctl('get', 'host', spare)).code).toBe(1)

  expect((await ctl('create', 'pinned:v1', 'helios-test/busybox:latest')).code).toBe(0)
  expect((await ctl('deploy', 'pinned:v1', a)).code).toBe(0)
  const refused = await ctl('deregister', a, '--yes')
  expect(refused.code).toBe(1)
  expect(refused.stdout).toContain(`${a}: failed: HostDeregisterResponse{status=JOBS_STILL_DEPLOYED, host=${a}}`)
  expect((await ctl('get', 'host', a)).code).toBe(0)
})

test('watch JOB HOST: positional host prefixes, and --exact naming a host without the job', async () => {
  await waitFor(
    async () => ((await ctl('status', '--job', 'pinned:v1')).stdout.includes('RUNNING') ? true : undefined),
    {
      timeoutMs: 90_000,
      what: 'pinned:v1 RUNNING',
    },
  )
  const watched = await ctl('watch', 'pinned:v1', a.slice(0, -2), '--count', '1')
  expect(watched.stdout.split('\n').slice(0, 2)).toEqual([
    'Control-C to stop',
    'JOB                  HOST                           STATE    THROTTLED?',
  ])
  expect(watched.stdout).toMatch(new RegExp(`^pinned:v1:\\w{7} +${a} +RUNNING +NO$`, 'm'))
  const exact = await ctl('watch', 'pinned:v1', b, a, '--exact', '--count', '1')
  const rows = exact.stdout.split('\n').slice(3, 5)
  expect(rows[0]).toMatch(new RegExp(`^pinned:v1:\\w{7} +${b} +UNKNOWN +UNKNOWN$`))
  expect(rows[1]).toMatch(new RegExp(`^pinned:v1:\\w{7} +${a} +RUNNING +NO$`))
})

test('masters lists both apiservers of one ZooKeeper root; a stopped one is DOWN', async () => {
  const second = await startApiserver({
    zk: cluster.zk.connect,
    zkRoot: cluster.apiserver.zkRoot,
    extraArgs: ['--no-controllers', '--name', 'second'],
  })
  try {
    const first = `${hostname()}:${cluster.apiserver.port}`
    const names = await cluster.ctlJson(['masters', '--json', '-f'])
    expect(names).toEqual([first, 'second'].sort())
    const table = (await ctl('masters', '-f')).stdout
    expect(table).toMatch(new RegExp(`^second +${second.url.replace(/\./g, '\\.')} +UP `, 'm'))
    await second.stop()
    await waitFor(async () => ((await ctl('masters', '-f')).stdout.match(/^second +\S+ +DOWN /m) ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the stopped apiserver listed DOWN',
    })
    expect(await cluster.ctlJson(['masters', '--json', '-f'])).toEqual([first])
  } finally {
    await second.stop()
  }
})

test('stop-deployment-group stops a rolling update in progress: FAILED "stopped by user"', async () => {
  // A health check that never passes keeps the rollout in progress until it is stopped.
  const job = ['create', 'stuck:v1', 'helios-test/busybox:latest', '-p', 'http=80', '--exec-check', 'false']
  expect((await ctl(...job)).code).toBe(0)
  expect((await ctl('create-deployment-group', 'stuck', 'role=compat')).code).toBe(0)
  expect((await ctl('rolling-update', 'stuck:v1', 'stuck', '--async')).code).toBe(0)
  await waitFor(
    async () => ((await ctl('deployment-group-status', 'stuck')).stdout.includes('ROLLING_OUT') ? true : undefined),
    {
      timeoutMs: 30_000,
      what: 'the rollout under way',
    },
  )
  expect(await ctl('stop-deployment-group', 'stuck')).toMatchObject({
    code: 0,
    stdout: 'Deployment-group stuck stopped\n',
  })
  const failed = await waitFor(
    async () => {
      const status = (await ctl('deployment-group-status', 'stuck')).stdout
      return /Status: FAILED/.test(status) ? status : undefined
    },
    { timeoutMs: 30_000, what: 'the group FAILED' },
  )
  expect(failed).toMatch(/stopped by user/)
  expect((await ctl('stop-deployment-group', 'stuck')).stdout).toBe(
    'Deployment-group stuck has no rolling update in progress (state FAILED)\n',
  )
  expect((await ctl('remove-deployment-group', 'stuck')).code).toBe(0)
})
