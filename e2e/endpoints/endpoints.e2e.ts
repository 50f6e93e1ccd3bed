// Endpoints on a real cluster (two agents): registered Jobs appear with the address each host reports and their ports
// answer there; a rolling update moves them host by host; an undeploy withdraws the endpoint at least gracePeriod
// before the container stops (Helios' order); a bad registration is refused in Helios' words and nothing is stored.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Endpoints } from '../../apis/index.js'
import { HeliosClient } from '../../client/index.js'
import type { EndpointRow } from '../../heliosctl/print/endpoints-table.js'
import { agentName, type Cluster, curl, docker, startCluster, waitFor } from '../harness.js'

const A = agentName('ep-a')
const B = agentName('ep-b')
// B is given --address; A reports the default, one of this machine's non-loopback IPv4s (read from its Host).
const B_ADDRESS = '127.0.0.1'
let cluster: Cluster
let client: HeliosClient

beforeAll(async () => {
  cluster = await startCluster({ agents: [{ name: A }, { name: B, args: ['--address', B_ADDRESS] }] })
  client = new HeliosClient(cluster.server)
})
afterAll(async () => {
  await cluster?.stop()
})

// httpd as PID 1 ignores SIGTERM: the trap makes the container stop when asked, so its stop time is the agent's.
const HTTPD = ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 80 -h /www & wait']
const job = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name },
  spec: {
    image: 'helios-test/busybox:latest',
    command: HTTPD,
    ports: { http: { internalPort: 80 } },
    healthCheck: { type: 'http', port: 'http', path: '/' },
    registration: { 'web/http': { ports: { http: { tags: ['v1'] } } } },
    secondsToWaitBeforeKill: 1,
    ...extra,
  },
})
const deployment = (name: string, jobName: string, hosts: string[]) => ({
  apiVersion: 'helios/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { job: jobName, hosts, rollout: { parallelism: 1 } },
})
const rows = (service: string) => cluster.ctlJson<EndpointRow[]>(['endpoints', service, '--json'])

/** Every Endpoints change of `name`, with the time this process saw it, until `signal` aborts. */
function record(name: string, signal: AbortSignal, from: string) {
  const seen: { at: number; type: string; endpoints: Endpoints['spec']['endpoints'] }[] = []
  const done = (async () => {
    for await (const ev of client.watch('Endpoints', { resourceVersion: from, signal })) {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue
      const ep = ev.object as Endpoints
      if (ep.metadata.name !== name) continue
      seen.push({ at: Date.now(), type: ev.type, endpoints: ev.type === 'DELETED' ? [] : ep.spec.endpoints })
    }
  })().catch((err: unknown) => {
    if (!signal.aborted) throw err
  })
  return { seen, done }
}

test('registered Jobs appear as endpoints at the address their host reports, and answer there', async () => {
  const aAddress = (await client.get('Host', A)).status?.address
  expect(aAddress, 'the default --address: an IPv4').toMatch(/^\d{1,3}(\.\d{1,3}){3}$/)
  // Neither loopback, unspecified, link-local, multicast nor broadcast; the curl below shows it reaches the port.
  expect(aAddress).not.toMatch(/^(127\.|0\.|169\.254\.|22[4-9]\.|2[3-5]\d\.)/)
  await cluster.apply(job('web:v1'), deployment('web', 'web:v1', [A, B]))
  const found = await waitFor(
    async () => {
      const r = await rows('web')
      return r.length === 2 && r
    },
    { timeoutMs: 90_000, what: 'two endpoints of web/http' },
  )
  const id = (await client.get('Job', 'web:v1')).status?.id
  expect(found).toEqual([
    expect.objectContaining({ service: 'web', protocol: 'http', host: A, address: aAddress, task: `web@${A}` }),
    expect.objectContaining({ service: 'web', protocol: 'http', host: B, address: B_ADDRESS, task: `web@${B}` }),
  ])
  for (const row of found) {
    expect(row).toMatchObject({ portName: 'http', tags: ['v1'], ready: true, job: id, transport: 'tcp' })
    expect((await curl(`http://${row.address}:${row.port}/`))?.status, `${row.host} at ${row.address}`).toBe(200)
  }
  // The Hosts report the addresses the endpoints carry.
  expect((await client.get('Host', B)).status?.address).toBe(B_ADDRESS)
  const table = await cluster.ctl(['endpoints'])
  expect(table.stdout.split('\n')[0]).toMatch(/^SERVICE +PROTOCOL +DOMAIN +HOST +ADDRESS +PORT +TAGS +READY +JOB$/)
  expect(table.stdout).toMatch(
    new RegExp(`^web +http +<dns-domain> +${B} +${B_ADDRESS.replaceAll('.', '\\.')} +\\d+/tcp +v1 +true `, 'm'),
  )
  // Users read but never write them.
  const written = await cluster.ctl(['apply', '-f', '-'], {
    stdin: JSON.stringify({
      apiVersion: 'helios/v1',
      kind: 'Endpoints',
      metadata: { name: 'web.http' },
      spec: { service: 'web', protocol: 'http', endpoints: [] },
    }),
  })
  expect(written.code).not.toBe(0)
  expect((await rows('web')).length).toBe(2)
})

test('a rolling update moves the endpoints host by host', async () => {
  const abort = new AbortController()
  const from = (await client.list('Endpoints')).metadata.resourceVersion
  const { seen, done } = record('web.http', abort.signal, from)
  const v2 = job('web:v2', { env: { VERSION: '2' } })
  await cluster.apply(v2, deployment('web', 'web:v2', [A, B]))
  const id = (await client.get('Job', 'web:v2')).status?.id
  await waitFor(async () => (await rows('web')).filter((r) => r.job === id).length === 2, {
    timeoutMs: 90_000,
    what: 'both endpoints on web:v2',
  })
  abort.abort()
  await done
  const states = seen.map((s) => s.endpoints.map((e) => `${e.host}=${e.job === id ? 'v2' : 'v1'}`).join(' '))
  // Parallelism 1: never both hosts out at once, and one host serves v2 while the other still serves v1.
  expect(
    states.every((s) => s !== ''),
    states.join('\n'),
  ).toBe(true)
  expect(states, states.join('\n')).toContain(`${A}=v2 ${B}=v1`)
  expect(states.at(-1)).toBe(`${A}=v2 ${B}=v2`)
  expect(states.indexOf(`${A}=v2 ${B}=v1`)).toBeLessThan(states.findIndex((s) => s.includes(`${B}=v2`)))
})

test("undeploy with gracePeriod 3: the endpoint vanishes at least 3 s before the container stops (Helios' order)", async () => {
  await cluster.apply(
    job('grace:v1', { gracePeriod: 3, registration: { 'grace/http': { ports: { http: {} } } } }),
    deployment('grace', 'grace:v1', [A]),
  )
  const [row] = await waitFor(async () => (await rows('grace')).length === 1 && rows('grace'), {
    timeoutMs: 60_000,
    what: 'the grace endpoint',
  })
  const container = (await client.get('Task', `grace@${A}`)).status?.containerId ?? ''
  expect(container).not.toBe('')
  const abort = new AbortController()
  const { seen, done } = record('grace.http', abort.signal, (await client.list('Endpoints')).metadata.resourceVersion)
  const since = Math.floor(Date.now() / 1000)
  const undeployed = await cluster.ctl(['undeploy', 'grace:v1', A, '--yes'])
  expect(undeployed.code, undeployed.stderr).toBe(0)
  // The container is removed once stopped: its `die` event keeps the time it stopped.
  const died = await waitFor(
    async () => {
      const out = await docker([
        'events',
        '--since',
        String(since),
        '--until',
        String(Math.ceil(Date.now() / 1000)),
        '--filter',
        `container=${container}`,
        '--filter',
        'event=die',
        '--format',
        '{{.TimeNano}}',
      ])
      const nanos = out.stdout.trim().split('\n').filter(Boolean)[0]
      return nanos ? Number(BigInt(nanos) / 1_000_000n) : undefined
    },
    { timeoutMs: 60_000, what: 'the grace container to stop' },
  )
  abort.abort()
  await done
  const vanished = seen.find((s) => s.type === 'DELETED')?.at
  expect(vanished, `watch saw: ${JSON.stringify(seen)}`).toBeDefined()
  const leadMs = died - (vanished ?? died)
  console.log(`grace endpoint ${row?.address}:${row?.port} vanished ${leadMs} ms before its container stopped`)
  expect(leadMs).toBeGreaterThanOrEqual(3_000)
})

test("a bad registration is refused in Helios' words, and nothing is stored", async () => {
  const noPorts = job('bad:v1', { registration: { 'web/http': {} } })
  const missing = job('bad:v2', { registration: { 'web/http': { ports: { nope: {} } } } })
  for (const [bad, message] of [
    [noPorts, "registration for 'web' is malformed: does not have a port mapping"],
    [missing, 'Service registration refers to missing port mapping: web/http=nope'],
  ] as const) {
    const out = await cluster.ctl(['apply', '-f', '-'], { stdin: JSON.stringify(bad) })
    expect(out.code).not.toBe(0)
    // One error line naming the object and field (then the CLI's usual hint).
    const [line] = out.stderr.split('\n')
    expect(line).toMatch(/^error: <stdin>: Job "bad:v\d" is invalid: spec\.registration\.web\/http/)
    expect(line).toContain(message)
  }
  const created = await cluster.ctl([
    'create',
    'bad:v3',
    'helios-test/busybox:latest',
    '-p',
    'http=80',
    '-r',
    'web/http=nope',
  ])
  expect(created.code).not.toBe(0)
  expect(created.stderr).toContain('Service registration refers to missing port mapping: web/http=nope')
  const jobs = (await client.list('Job')).items.map((j) => j.metadata.name)
  expect(jobs.filter((n) => n.startsWith('bad:'))).toEqual([])
})
