// Issue 13 items 1, 3, 8 and 10 against the real apiserver, agent, ZooKeeper and Docker, with tokens: route
// spellings, the chained theft of an agent's token, dry runs, an agent overreaching, a name too long to store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, startCluster, TEST_IMAGE, waitFor } from '../harness.js'

const API = '/apis/helios/v1'
const TOKENS = { admin: 'e2e-admin', deployer: 'e2e-deployer', viewer: 'e2e-viewer', agent: 'e2e-agent' }
let cluster: Cluster
let host: string
let dir: string
let thief: Server
const stolen: IncomingHttpHeaders[] = []

interface Reply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: Status or object bodies
  body: any
}

async function call(token: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(cluster.server + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text }
}

const admin = (method: string, path: string, body?: unknown) => call(TOKENS.admin, method, path, body)
const names = async (plural: string): Promise<string[]> =>
  (await admin('GET', `${API}/${plural}`)).body.items.map((o: { metadata: { name: string } }) => o.metadata.name)
const auditMessages = async (): Promise<string[]> =>
  (await admin('GET', `${API}/events`)).body.items
    .filter((e: { source: { component: string } }) => e.source.component === 'apiserver')
    .map((e: { message: string }) => e.message)

beforeAll(async () => {
  host = agentName('authz')
  dir = mkdtempSync(join(tmpdir(), 'helios-authz-'))
  const file = join(dir, 'tokens.csv')
  writeFileSync(
    file,
    [
      `${TOKENS.admin},alice,admin`,
      `${TOKENS.deployer},ci,deployer`,
      `${TOKENS.viewer},bob,viewer`,
      `${TOKENS.agent},${host},agent`,
    ].join('\n'),
  )
  thief = createServer((req, res) => {
    stolen.push(req.headers)
    res.end()
  })
  await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve))
  cluster = await startCluster({
    apiserverArgs: ['--token-file', file],
    agents: [{ name: host, labels: { role: 'web' }, args: ['--token', TOKENS.agent] }],
    ctlEnv: { HELIOS_TOKEN: TOKENS.admin },
  })
  const created = await call(TOKENS.deployer, 'POST', `${API}/apply`, {
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: 'web:v1' },
    spec: { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } },
  })
  expect(created.status).toBe(200)
  expect((await cluster.ctl(['deploy', 'web:v1', host])).code).toBe(0)
  await waitFor(
    async () => (await admin('GET', `${API}/tasks/web-v1@${host}`)).body.status?.state === 'RUNNING' || undefined,
    { timeoutMs: 60_000, what: 'web-v1@host RUNNING' },
  )
})
afterAll(async () => {
  await cluster?.stop()
  thief?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a viewer writes nothing through any spelling of a route; the agent writes no other host’s Task', async () => {
  const before = JSON.stringify(await Promise.all(['jobs', 'deployments', 'hosts', 'tasks'].map(names)))
  const job = { apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'evil:v1' }, spec: { image: TEST_IMAGE } }
  for (const path of ['APPLY', 'Apply', '%41pply', 'apply%20', 'JOBS', 'Jobs', '%6Aobs', 'apply/', '/apply']) {
    const reply = await call(TOKENS.viewer, 'POST', `${API}/${path}`, job)
    expect([403, 404], `${path} → ${reply.status}`).toContain(reply.status)
  }
  for (const word of ['STATUS', 'sTaTuS', 'Status', '%73tatus', 'status/']) {
    const reply = await call(TOKENS.agent, 'PUT', `${API}/tasks/nobody@${host}x/${word}`, {})
    expect([403, 404], word).toContain(reply.status)
  }
  expect(JSON.stringify(await Promise.all(['jobs', 'deployments', 'hosts', 'tasks'].map(names)))).toBe(before)
})

test("the agent's token is never sent where anyone but the agent pointed the apiserver", async () => {
  const at = `127.0.0.1:${(thief.address() as AddressInfo).port}`
  const stored = (await admin('GET', `${API}/hosts/${host}`)).body
  const planted = { ...stored, status: { ...stored.status, agentAddress: at } }
  expect((await call(TOKENS.viewer, 'PUT', `${API}/hosts/${host}/status`, planted)).status).toBe(403)
  expect((await call(TOKENS.deployer, 'PUT', `${API}/hosts/${host}/status`, planted)).status).toBe(403)
  // An admin's write goes through, but the address stays the one the agent registered.
  expect((await admin('PUT', `${API}/hosts/${host}/status`, planted)).status).toBe(200)
  expect((await admin('GET', `${API}/hosts/${host}`)).body.status.agentAddress).toBe(stored.status.agentAddress)
  const logs = await cluster.ctl(['logs', `web-v1@${host}`, '--tail', '1'], { env: { HELIOS_TOKEN: TOKENS.viewer } })
  expect(logs.code, logs.stderr).toBe(0)
  expect(stolen).toEqual([])
})

test('?dryRun deletes nothing and records nothing; a real delete is audited', async () => {
  await call(TOKENS.deployer, 'POST', `${API}/apply`, {
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: 'spare:v1' },
    spec: { image: TEST_IMAGE },
  })
  for (const q of ['dryRun=true', 'dryRun=1', 'dryRun=All']) {
    expect((await call(TOKENS.deployer, 'DELETE', `${API}/jobs/spare:v1?${q}`)).status).toBe(200)
  }
  expect((await call(TOKENS.deployer, 'DELETE', `${API}/jobs/spare:v1?dryRun=yes`)).status).toBe(400)
  expect(await names('jobs')).toContain('spare:v1')
  expect((await auditMessages()).filter((m) => m.includes('deleted job spare:v1'))).toEqual([])
  expect((await call(TOKENS.deployer, 'DELETE', `${API}/jobs/spare:v1`)).status).toBe(200)
  expect(await names('jobs')).not.toContain('spare:v1')
  expect(await auditMessages()).toContain('user "ci" (deployer) deleted job spare:v1')
})

test('an agent can neither relabel, uncordon nor delete its Host, nor forge an audit record', async () => {
  expect((await cluster.ctl(['cordon', host])).code).toBe(0)
  const stored = (await admin('GET', `${API}/hosts/${host}`)).body
  const undo = { ...stored, metadata: { ...stored.metadata, labels: { role: 'db' } }, spec: { unschedulable: false } }
  for (const [method, path] of [
    ['PUT', `${API}/hosts/${host}`],
    ['POST', `${API}/apply`],
    ['DELETE', `${API}/hosts/${host}`],
  ] as const) {
    expect((await call(TOKENS.agent, method, path, undo)).status, `${method} ${path}`).toBe(403)
  }
  const now = (await admin('GET', `${API}/hosts/${host}`)).body
  expect(now.spec.unschedulable).toBe(true)
  // Its --label travels in status and selects it all the same.
  expect(now.status.labels).toEqual({ role: 'web' })
  expect((await admin('GET', `${API}/hosts?labelSelector=role%3Dweb`)).body.items).toHaveLength(1)
  const forged = {
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: 'forged.1' },
    involvedObject: { kind: 'Task', name: `web-v1@${host}` },
    reason: 'Deleted',
    message: 'user "root" (admin) deleted job web:v1',
    source: { component: 'apiserver' },
    timestamp: new Date().toISOString(),
  }
  expect((await call(TOKENS.agent, 'POST', `${API}/events`, forged)).status).toBe(422)
  const asController = { ...forged, source: { component: 'controller', host: 'elsewhere' } }
  expect((await call(TOKENS.agent, 'POST', `${API}/events`, asController)).status).toBe(201)
  expect((await admin('GET', `${API}/events/forged.1`)).body.source).toEqual({
    component: 'agent',
    host,
    user: host,
  })
  expect((await cluster.ctl(['uncordon', host])).code).toBe(0)
})

test('a 300,000-character name is refused at once; ZooKeeper keeps its session and the apiserver its leadership', async () => {
  const huge = `${'x'.repeat(150_000)}:${'v'.repeat(150_000)}`
  const reply = await admin('POST', `${API}/apply`, {
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name: huge },
    spec: { image: TEST_IMAGE },
  })
  expect(reply.status).toBe(422)
  expect(reply.body.causes[0]).toMatchObject({ field: 'metadata.name', message: 'name is at most 253 characters' })
  expect((await fetch(`${cluster.server}/readyz`)).status).toBe(200)
  expect(((await (await fetch(`${cluster.server}/leader`)).json()) as { leader: boolean }).leader).toBe(true)
  expect(cluster.apiserver.pid).toBeDefined()
})
