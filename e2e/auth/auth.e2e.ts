// Bearer tokens on a real cluster: each role through heliosctl and curl-like fetches, and a deployed job RUNNING
// (so the in-process controllers and the agent authenticate too).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, startCluster, waitFor } from '../harness.js'

const TOKENS = { admin: 'e2e-admin-token', deployer: 'e2e-deployer-token', viewer: 'e2e-viewer-token' }
const AGENT_TOKEN = 'e2e-agent-token'
const API = '/apis/helios/v1'
let cluster: Cluster
let host: string
let dir: string

const as = (token: string | undefined, ...args: string[]) => cluster.ctl(args, { env: { HELIOS_TOKEN: token ?? '' } })

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(cluster.server + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { message?: string; metadata?: { name: string } } }
}

beforeAll(async () => {
  host = agentName('auth')
  dir = mkdtempSync(join(tmpdir(), 'helios-auth-'))
  const file = join(dir, 'tokens.csv')
  writeFileSync(
    file,
    [
      '# token,user,role',
      `${TOKENS.admin},alice,admin`,
      `${TOKENS.deployer},ci,deployer`,
      `${TOKENS.viewer},bob,viewer`,
      `${AGENT_TOKEN},${host},agent`,
    ].join('\n'),
  )
  cluster = await startCluster({
    apiserverArgs: ['--token-file', file],
    agents: [{ name: host, args: ['--token', AGENT_TOKEN] }],
    ctlEnv: { HELIOS_TOKEN: TOKENS.admin },
  })
})
afterAll(async () => {
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('no token: 401 in one line with a hint', async () => {
  const out = await as(undefined, 'get', 'jobs')
  expect(out.code).toBe(1)
  expect(out.stderr).toBe(
    'error: authentication required: send "Authorization: Bearer <token>"\n' +
      "hint: no token was sent: set --auth-token, HELIOS_TOKEN or the config cluster's token\n",
  )
  const flag = await as(undefined, '--auth-token', TOKENS.viewer, 'get', 'jobs')
  expect(flag.code).toBe(0)
})

test('viewer reads but may not create; deployer creates and deploys; the job runs', async () => {
  expect((await as(TOKENS.viewer, 'get', 'jobs')).code).toBe(0)
  expect((await as(TOKENS.viewer, 'hosts')).stdout).toContain(host)
  const refused = await as(TOKENS.viewer, 'create', 'web:v1', 'helios-test/busybox:latest')
  expect(refused.code).toBe(1)
  expect(refused.stderr).toBe(
    'error: user "bob" (viewer) may not create jobs\n' +
      "hint: this token's user may not do that: use a token with a role that may (--auth-token, HELIOS_TOKEN or the config cluster's token)\n",
  )

  expect((await as(TOKENS.deployer, 'create', 'web:v1', 'helios-test/busybox:latest')).code).toBe(0)
  const deployed = await as(TOKENS.deployer, 'deploy', 'web:v1', host)
  expect(deployed.stderr).toBe('')
  expect(deployed.code).toBe(0)
  // RUNNING needs the controllers (in-process admin token) to create the Task and the agent to report it.
  const status = await waitFor(
    async () => {
      const out = await as(TOKENS.viewer, 'status', '--job', 'web:v1')
      return out.stdout.includes('RUNNING') ? out : undefined
    },
    { timeoutMs: 60_000, what: 'web:v1 RUNNING with auth on' },
  )
  expect(status.stdout).toContain(host)
})

test("agents heartbeat their own Host only; a deployer may not write a Host's status", async () => {
  const own = await call(AGENT_TOKEN, 'GET', `${API}/hosts/${host}`)
  expect(own.status).toBe(200)
  expect((await call(AGENT_TOKEN, 'PUT', `${API}/hosts/${host}/status`, own.body)).status).toBe(200)

  const other = { ...own.body, metadata: { name: 'someone-else' } }
  const foreign = await call(AGENT_TOKEN, 'PUT', `${API}/hosts/someone-else/status`, other)
  expect(foreign.status).toBe(403)
  expect(foreign.body.message).toMatch(
    new RegExp(`^user "${host}" \\(agent\\) may not update hosts/someone-else/status`),
  )

  const deployer = await call(TOKENS.deployer, 'PUT', `${API}/hosts/${host}/status`, own.body)
  expect(deployer).toMatchObject({ status: 403, body: { message: 'user "ci" (deployer) may not update hosts/status' } })
})
