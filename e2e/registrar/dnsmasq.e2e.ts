// The dnsmasq registrar: an agent with --registrar dnsmasq:DIR announces a RUNNING Task's registration to a real
// dnsmasq (A record at once through --hostsdir, SRV after dnsmasq restarts), and on undeploy withdraws it before the
// grace period: the name stops resolving at least the grace period before the container is stopped.

import { Resolver } from 'node:dns/promises'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  agentName,
  type Cluster,
  curl,
  type DnsmasqHandle,
  digShort,
  docker,
  randomId,
  startCluster,
  startDnsmasq,
  waitFor,
  waitRunning,
} from '../harness.js'

const GRACE_SECONDS = 2
const host = agentName('registrar')
const service = `web${randomId()}`
const domain = 'e2e.test'
const name = `${service}.${domain}`
const task = `web-v1@${host}`
const dir = mkdtempSync(join(tmpdir(), 'helios-registrar-'))
const hostsDir = join(dir, 'hosts.d')
const srvFile = join(dir, 'srv.conf')
let cluster: Cluster
let dnsmasq: DnsmasqHandle
let port = 0
const ctl = (...args: string[]) => cluster.ctl(args)
const resolves = () => digShort('127.0.0.1', dnsmasq.port, name, 'A')

beforeAll(async () => {
  // dnsmasq drops root for nobody: the dir must be readable by it.
  chmodSync(dir, 0o755)
  mkdirSync(hostsDir, { mode: 0o755 })
  writeFileSync(srvFile, '')
  const registrarArgs = ['--registrar', `dnsmasq:${hostsDir}`, '--registrar-address', '127.0.0.1']
  const args = [...registrarArgs, '--registrar-srv-file', srvFile, '--domain', domain]
  cluster = await startCluster({ agents: [{ name: host, args }] })
  dnsmasq = await startDnsmasq({ hostsDir, confFile: srvFile })
})
afterAll(async () => {
  await dnsmasq?.stop()
  await cluster?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('a registered Job deployed: its name resolves to the host, and the address and port serve it', async () => {
  expect(await resolves()).toEqual([])
  const grace = ['--grace-period', String(GRACE_SECONDS)]
  expect(
    (await ctl('create', 'web:v1', 'helios-test/busybox:latest', '-p', 'http=80', '-r', service, ...grace)).code,
  ).toBe(0)
  expect((await ctl('deploy', 'web:v1', host)).code).toBe(0)
  const status = await waitRunning(cluster.server, task)
  port = status.ports?.http?.externalPort ?? 0
  const runningSeenAt = Date.now()
  const addresses = await waitFor(async () => (await resolves()).length > 0 && resolves(), {
    timeoutMs: 10_000,
    what: `dig ${name} answers`,
  })
  console.log(`registrar e2e: resolvable ${Date.now() - runningSeenAt} ms after heliosctl saw RUNNING`)
  expect(addresses).toEqual(['127.0.0.1'])
  expect((await curl(`http://${addresses[0]}:${port}/`))?.status).toBe(200)
})

test('SRV: dnsmasq loads the SRV lines when it restarts (it rereads no config on SIGHUP)', async () => {
  await dnsmasq.restart()
  expect(await digShort('127.0.0.1', dnsmasq.port, `_${service}._http.${domain}`, 'SRV')).toEqual([
    `0 0 ${port} ${host}.hosts.${domain}.`,
  ])
  expect(await digShort('127.0.0.1', dnsmasq.port, `${host}.hosts.${domain}`, 'A')).toEqual(['127.0.0.1'])
})

test(`undeploy with gracePeriod ${GRACE_SECONDS}: the name stops resolving at least ${GRACE_SECONDS} s before the container stops`, async () => {
  const containerId = (await waitRunning(cluster.server, task)).containerId ?? ''
  const undeployedAt = Date.now()
  expect((await ctl('undeploy', 'web:v1', host)).code).toBe(0)
  // Asked in-process every 10 ms (a dig process takes tens of ms to start): `goneAt` is at most a poll after the
  // name went, so the margin measured below is never more than the real one.
  const resolver = new Resolver({ timeout: 500, tries: 1 })
  resolver.setServers([`127.0.0.1:${dnsmasq.port}`])
  const answered = () =>
    resolver.resolve4(name).then(
      (a) => a.length > 0,
      () => false,
    )
  const goneAt = await waitFor(async () => !(await answered()) && Date.now(), {
    timeoutMs: 10_000,
    intervalMs: 10,
    what: `${name} stops resolving`,
  })
  expect(await resolves(), 'dig agrees').toEqual([])
  // Clients drain meanwhile: the container still serves.
  expect((await curl(`http://127.0.0.1:${port}/`))?.status).toBe(200)
  await waitFor(async () => (await docker(['ps', '-aq', '--filter', `id=${containerId}`])).stdout.trim() === '', {
    timeoutMs: 30_000,
    what: 'the container is removed',
  })
  // When the stop began: Docker's kill event (SIGTERM), at nanosecond precision.
  const events = await docker([
    'events',
    '--since',
    String(Math.floor(undeployedAt / 1000) - 1),
    '--until',
    String(Math.ceil(Date.now() / 1000) + 1),
    '--filter',
    `container=${containerId}`,
    '--filter',
    'event=kill',
    '--format',
    '{{.TimeNano}}',
  ])
  const killedAt = Number(events.stdout.trim().split('\n')[0]) / 1e6
  expect(killedAt, events.stdout + events.stderr).toBeGreaterThan(undeployedAt)
  const marginMs = killedAt - goneAt
  console.log(
    `registrar e2e: unresolvable ${goneAt - undeployedAt} ms after undeploy, ${Math.round(marginMs)} ms before the stop`,
  )
  // What is lost on our side of the measurement: dnsmasq's inotify read and one poll.
  expect(marginMs).toBeGreaterThan(GRACE_SECONDS * 1000 - 100)
})
