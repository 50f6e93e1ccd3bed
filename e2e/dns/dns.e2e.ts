// The apiserver's built-in DNS on the Docker bridge: dig gets SRV and A answers matching `heliosctl endpoints`, and one
// container (agent --dns) finds another Job by name and fetches from it with busybox wget.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Endpoint } from '../../apis/index.js'
import { ip } from '../harness/ip-command.js'
import {
  agentName,
  type Cluster,
  dig as digAt,
  digShort as digShortAt,
  digStatus,
  docker,
  startCluster,
  waitFor,
  waitRunning,
} from '../harness.js'

let cluster: Cluster
let bridge: string
const host = agentName('dns')

const jobs = [
  {
    kind: 'Job',
    metadata: { name: 'web:v1' },
    spec: {
      image: 'helios-test/busybox:latest',
      command: ['httpd', '-f', '-p', '80', '-h', '/www'],
      ports: { http: { internalPort: 80 } },
      registration: { 'web/http': { ports: { http: { tags: ['v1'] } } } },
      secondsToWaitBeforeKill: 1,
    },
  },
  {
    kind: 'Job',
    metadata: { name: 'client:v1' },
    spec: { image: 'helios-test/busybox:latest', command: ['sleep', '3600'], secondsToWaitBeforeKill: 1 },
  },
  ...['web', 'client'].map((name) => ({
    kind: 'Deployment',
    metadata: { name },
    spec: { job: `${name}:v1`, hosts: [host] },
  })),
]

const dig = (...args: string[]) => digAt(bridge, 53, ...args)
const digShort = (...args: string[]) => digShortAt(bridge, 53, ...args)
const status = (...args: string[]) => digStatus(bridge, 53, ...args)

type EndpointRow = Endpoint & { service: string; protocol: string }

/** `heliosctl endpoints web/http --json` once one endpoint is ready. */
async function webEndpoints(): Promise<EndpointRow[] | undefined> {
  const rows = await cluster.ctlJson<EndpointRow[]>(['endpoints', 'web/http', '--json'])
  return rows.some((e) => e.ready) ? rows : undefined
}

beforeAll(async () => {
  // Docker does not always list the default bridge's gateway; it is the address of the bridge's interface.
  const named = await docker([
    'network',
    'inspect',
    'bridge',
    '--format',
    '{{index .Options "com.docker.network.bridge.name"}}',
  ])
  const bridgeName = named.stdout.trim() || 'docker0'
  // Not os.networkInterfaces(): libuv leaves out an interface that is not RUNNING, and the bridge is NO-CARRIER
  // while no container is attached to it.
  const shown = JSON.parse(ip('-j', '-4', 'addr', 'show', 'dev', bridgeName)) as { addr_info?: { local?: string }[] }[]
  bridge = shown[0]?.addr_info?.[0]?.local ?? ''
  expect(bridge, `no IPv4 address on Docker's bridge ${bridgeName}`).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
  cluster = await startCluster({
    apiserverArgs: ['--dns-listen', `${bridge}:53`, '--dns-domain', 'helios'],
    agents: [{ name: host, args: ['--dns', bridge] }],
  })
  await cluster.apply(...jobs.map((o) => ({ apiVersion: 'helios/v1', ...o })))
})

afterAll(async () => {
  await cluster?.stop()
})

test('dig: SRV, A of the service and of the host (<host>.hosts.helios) match heliosctl endpoints, over UDP and TCP', async () => {
  const [endpoint, ...more] = await waitFor(webEndpoints, { timeoutMs: 60_000, what: 'a ready endpoint of web/http' })
  expect(more).toEqual([])
  expect(endpoint).toMatchObject({
    service: 'web',
    protocol: 'http',
    host,
    portName: 'http',
    tags: ['v1'],
    ready: true,
  })
  const srv = [`0 1 ${endpoint!.port} ${host}.hosts.helios.`]
  await waitFor(async () => (await digShort('SRV', '_web._http.helios')).join() === srv.join(), {
    timeoutMs: 10_000,
    what: `dig SRV _web._http.helios = ${srv}`,
  })
  expect(await digShort('+tcp', 'SRV', '_web._http.helios')).toEqual(srv)
  expect(await digShort('A', 'web.helios')).toEqual([endpoint!.address])
  expect(await digShort('A', `${host}.hosts.helios`)).toEqual([endpoint!.address])
  expect(await status('A', `${host}.helios`)).toBe('NXDOMAIN')
  expect(await dig('SRV', '_web._http.helios')).toMatch(
    new RegExp(`ADDITIONAL SECTION:\\n${host}\\.hosts\\.helios\\.\\s+5\\s+IN\\s+A\\s+${endpoint!.address}`),
  )
  expect(await status('A', 'nothing.helios')).toBe('NXDOMAIN')
  expect(await status('A', 'example.com')).toBe('REFUSED')
})

test('a container resolves the other Job through the built-in DNS and fetches from it', async () => {
  const [endpoint] = await waitFor(webEndpoints, { timeoutMs: 60_000, what: 'a ready endpoint of web/http' })
  const port = endpoint!.port
  const client = await waitRunning(cluster.server, `client@${host}`)
  const exec = (...command: string[]) => docker(['exec', client.containerId!, ...command])
  const resolvConf = await exec('cat', '/etc/resolv.conf')
  expect(resolvConf.stdout).toContain(`nameserver ${bridge}`)
  const srv = await exec('nslookup', '-type=srv', '_web._http.helios')
  // The container learns the port from the SRV record, as a client of the service would.
  const found = new RegExp(`service = 0 1 (\\d+) ${host}\\.hosts\\.helios`).exec(srv.stdout)
  expect(found, srv.stdout + srv.stderr).not.toBeNull()
  expect(Number(found![1])).toBe(port)
  // No -T: Debian's static busybox 1.35 wget crashes (SIGSEGV) when given a timeout.
  const page = await exec('wget', '-q', '-O', '-', `http://web.helios:${found![1]}/`)
  expect(page.code, page.stderr).toBe(0)
  expect(page.stdout).toBe('hello from helios\n')
})

test('undeployed, the service leaves the DNS', async () => {
  const undeployed = await cluster.ctl(['delete', 'deployment', 'web'])
  expect(undeployed.code, undeployed.stderr).toBe(0)
  await waitFor(async () => (await status('SRV', '_web._http.helios')) === 'NXDOMAIN', {
    timeoutMs: 30_000,
    what: '_web._http.helios NXDOMAIN after the undeploy',
  })
  expect(await status('A', 'web.helios')).toBe('NXDOMAIN')
})
