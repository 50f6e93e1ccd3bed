// Three hosts as on separate machines: each agent in a network namespace of its own, joined to this machine by a
// veth pair, reaching the apiserver over TLS with its agent token. A Job runs on all three; one host's link is cut:
// that host goes DOWN while its container runs on and the others stay UP; the link back, it is UP again and its
// Task RUNNING in the same container, never restarted.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { selfSignedCertificate } from '../../testing/test-certificate.js'
import {
  type Cluster,
  containerIds,
  docker,
  E2E_LOG_ROOT,
  hostStatuses,
  inspectContainer,
  type NetnsHost,
  type NetnsLab,
  randomId,
  run,
  startCluster,
  startNetnsLab,
  TEST_IMAGE,
  waitFor,
} from '../harness.js'

const HEARTBEAT_S = 1
/** Short, so that a cut host is DOWN within seconds; five missed heartbeats keep a busy machine's hosts UP. */
const LEASE_S = 5
const ADMIN = `multi-host-admin-${randomId()}`
const agentToken = (host: string) => `multi-host-agent-${host}-${randomId()}`
const SCRIPT = 'echo line-one; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 1; done'

let lab: NetnsLab
let cluster: Cluster
let dir: string
/** heliosctl's env: the admin token, and trust in the apiserver's certificate. */
let ctlEnv: NodeJS.ProcessEnv

interface TaskView {
  metadata: { name: string }
  spec: { host: string }
  status?: { state?: string; containerId?: string }
}

async function tasksByHost(): Promise<Map<string, TaskView>> {
  const { items } = await cluster.ctlJson<{ items: TaskView[] }>(['get', 'tasks', '-o', 'json'])
  return new Map(items.map((t) => [t.spec.host, t]))
}

/** Each lab host's state as `heliosctl hosts --json` shows it. */
async function hostStates(): Promise<Record<string, string | undefined>> {
  const statuses = await hostStatuses(cluster.server, ctlEnv)
  return Object.fromEntries(lab.hosts.map((h) => [h.name, statuses[h.name]]))
}

/** The one container of `host`'s Task, as Docker sees it. */
async function containerOf(host: NetnsHost) {
  const ids = await containerIds([`helios.host=${host.name}`], { all: true })
  expect(ids).toHaveLength(1)
  return inspectContainer(ids[0] ?? '')
}

/** What a run killed midway leaves: a namespace with a process in it, its links, its agent's container. */
async function leaveStaleLab() {
  const owner = (spawnSync('true').pid ?? 0).toString(36) // a pid that has exited
  const ns = `he2e-${owner}-0`
  const links = [`he2e${owner}br`, `he2e${owner}v0`]
  await run('ip', ['netns', 'add', ns])
  await run('ip', ['link', 'add', links[0] ?? '', 'type', 'bridge'])
  await run('ip', ['link', 'add', links[1] ?? '', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns])
  const orphan = spawn('ip', ['netns', 'exec', ns, 'sleep', '600'], { stdio: 'ignore' })
  const container = await docker(['run', '-d', '--label', `helios.host=${ns}`, TEST_IMAGE])
  expect(container.code).toBe(0)
  return { ns, links, orphan, containerId: container.stdout.trim() }
}

let stale: Awaited<ReturnType<typeof leaveStaleLab>>

beforeAll(async () => {
  stale = await leaveStaleLab()
  lab = await startNetnsLab(3)
  // Certificates and tokens of a killed run are replaced by the next one's, never left in /tmp.
  dir = join(E2E_LOG_ROOT, 'multi-host-secrets')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const serverCert = selfSignedCertificate(dir, 'apiserver', { altNames: `IP:${lab.gateway}` })
  const tokens = new Map(lab.hosts.map((h) => [h.name, agentToken(h.name)]))
  const tokenFile = join(dir, 'tokens.csv')
  writeFileSync(tokenFile, [`${ADMIN},alice,admin`, ...[...tokens].map(([h, t]) => `${t},${h},agent`)].join('\n'))
  const trustServer = { NODE_EXTRA_CA_CERTS: serverCert.certFile }
  ctlEnv = { HELIOS_TOKEN: ADMIN, ...trustServer }
  cluster = await startCluster({
    apiserverArgs: ['--token-file', tokenFile, '--host-lease-seconds', String(LEASE_S)],
    apiserverListen: { host: lab.gateway, tls: serverCert },
    agents: lab.hosts.map((h) => {
      const logCert = selfSignedCertificate(dir, h.name)
      return {
        name: h.name,
        launcher: h.launcher,
        env: trustServer,
        args: [
          ...['--token', tokens.get(h.name) ?? '', '--heartbeat-seconds', String(HEARTBEAT_S)],
          ...['--listen-address', `${h.address}:0`, '--tls-cert', logCert.certFile, '--tls-key', logCert.keyFile],
        ],
      }
    }),
    ctlEnv,
  })
  expect((await cluster.ctl(['create', 'ticker:v1', TEST_IMAGE, '--', 'sh', '-c', SCRIPT])).stderr).toBe('')
  for (const h of lab.hosts) expect((await cluster.ctl(['deploy', 'ticker:v1', h.name])).code).toBe(0)
  await waitFor(
    async () => {
      const tasks = await tasksByHost()
      return lab.hosts.every((h) => tasks.get(h.name)?.status?.state === 'RUNNING') || undefined
    },
    { timeoutMs: 90_000, what: 'ticker RUNNING on all three hosts' },
  )
})

afterAll(async () => {
  try {
    await cluster?.stop()
  } finally {
    lab?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
})

test("a killed run's leftovers are swept when a lab starts: namespace, process inside, links, container", async () => {
  expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(stale.ns)
  for (const link of stale.links) expect((await run('ip', ['link', 'show', link])).code).not.toBe(0)
  await waitFor(async () => stale.orphan.exitCode !== null || stale.orphan.signalCode !== null, {
    timeoutMs: 5_000,
    what: 'the process left in the stale namespace to be killed',
  })
  expect(stale.orphan.signalCode).toBe('SIGKILL')
  expect((await docker(['inspect', stale.containerId])).code).not.toBe(0)
})

test('each agent runs in its own namespace, reaches the apiserver over TLS, and serves logs across its veth', async () => {
  expect(cluster.server).toBe(`https://${lab.gateway}:${cluster.apiserver.port}`)
  const tasks = await tasksByHost()
  for (const h of lab.hosts) {
    const identify = await run('ip', ['netns', 'identify', String(cluster.agent(h.name).pid)])
    expect(identify.stdout.trim()).toBe(h.name)
    const host = await cluster.ctlJson<{ status?: { agentAddress?: string } }>(['get', 'host', h.name, '-o', 'json'])
    expect(host.status?.agentAddress).toMatch(new RegExp(`^${h.address.replaceAll('.', '\\.')}:\\d+$`))
    const logs = await cluster.ctl(['logs', tasks.get(h.name)?.metadata.name ?? '', '--tail', '50'])
    expect(logs.stderr).toBe('')
    expect(logs.stdout.split('\n')[0]).toBe('line-one')
  }
})

test('a host whose link is cut goes DOWN; its container runs on and the other hosts stay UP', async () => {
  const [cut, ...others] = lab.hosts as [NetnsHost, ...NetnsHost[]]
  const before = await containerOf(cut)
  const taskName = (await tasksByHost()).get(cut.name)?.metadata.name ?? ''
  const othersSeen = new Set<string>()
  cut.cut()
  await waitFor(
    async () => {
      const states = await hostStates()
      for (const h of others) othersSeen.add(`${h.name}=${states[h.name]}`)
      return states[cut.name] === 'DOWN' || undefined
    },
    { timeoutMs: (LEASE_S + 20) * 1000, what: `${cut.name} DOWN after its link was cut` },
  )
  expect([...othersSeen].sort()).toEqual(others.map((h) => `${h.name}=UP`).sort())
  const during = await containerOf(cut)
  expect(during.Id).toBe(before.Id)
  expect(during.State.Running).toBe(true)
  expect(during.State.StartedAt).toBe(before.State.StartedAt)
  // The agent cannot reach the apiserver, which cannot reach the agent's log endpoint either.
  const logs = await cluster.ctl(['logs', taskName], { timeoutMs: 60_000 })
  expect(logs).toMatchObject({ code: 1, stdout: '' })
  expect(logs.stderr).toContain(cut.address)
})

test('the link restored: the host is UP again, its Task RUNNING in the same container, never restarted', async () => {
  const [cut] = lab.hosts as [NetnsHost]
  const before = await containerOf(cut)
  cut.restore()
  await waitFor(async () => (await hostStates())[cut.name] === 'UP' || undefined, {
    timeoutMs: 30_000,
    what: `${cut.name} UP after its link came back`,
  })
  expect(Object.values(await hostStates())).toEqual(['UP', 'UP', 'UP'])
  const task = (await tasksByHost()).get(cut.name)
  expect(task?.status).toMatchObject({ state: 'RUNNING', containerId: before.Id })
  const after = await containerOf(cut)
  expect(after.State).toMatchObject({ Running: true, StartedAt: before.State.StartedAt })
  expect(after.RestartCount).toBe(0)
  const logs = await cluster.ctl(['logs', task?.metadata.name ?? '', '--tail', '1'])
  expect(logs.stdout).toMatch(/^tick-\d+\n$/)
})
