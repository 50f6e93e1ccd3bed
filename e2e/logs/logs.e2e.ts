// `heliosctl logs` end to end: heliosctl → apiserver (bearer tokens) → the agent's log endpoint → Docker, on a
// busybox job that prints known lines and then one line per second.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, REPO_ROOT, startCluster, TEST_IMAGE, waitFor } from '../harness.js'

const ADMIN = 'e2e-logs-admin-token'
const VIEWER = 'e2e-logs-viewer-token'
const AGENT = 'e2e-logs-agent-token'
const SCRIPT =
  'echo line-one; echo line-two >&2; echo line-three; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 1; done'

let cluster: Cluster
let host: string
let dir: string
const asViewer = (...args: string[]) => cluster.ctl(args, { env: { HELIOS_TOKEN: VIEWER } })
const ticks = (text: string): number[] => [...text.matchAll(/^tick-(\d+)$/gm)].map((m) => Number(m[1]))

beforeAll(async () => {
  host = agentName('logs')
  dir = mkdtempSync(join(tmpdir(), 'helios-logs-'))
  const tokens = join(dir, 'tokens.csv')
  writeFileSync(tokens, [`${ADMIN},alice,admin`, `${VIEWER},bob,viewer`, `${AGENT},${host},agent`].join('\n'))
  cluster = await startCluster({
    apiserverArgs: ['--token-file', tokens],
    agents: [{ name: host, args: ['--token', AGENT] }],
    ctlEnv: { HELIOS_TOKEN: ADMIN },
  })
  const created = await cluster.ctl(['create', 'ticker:v1', TEST_IMAGE, '--', 'sh', '-c', SCRIPT])
  expect(created.stderr).toBe('')
  expect((await cluster.ctl(['deploy', 'ticker:v1', host])).code).toBe(0)
  // waitRunning's heliosctl has no token: read the Task as admin.
  await waitFor(
    async () => {
      const out = await cluster.ctl(['get', 'task', `ticker-v1@${host}`, '-o', 'json'])
      return out.code === 0 && (JSON.parse(out.stdout) as { status?: { state?: string } }).status?.state === 'RUNNING'
    },
    { timeoutMs: 90_000, what: `ticker-v1@${host} RUNNING` },
  )
})
afterAll(async () => {
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('logs JOB prints the first lines (stdout and stderr); --tail 1 one line; --timestamps', async () => {
  const out = await waitFor(
    async () => {
      const r = await asViewer('logs', 'ticker:v1')
      // Docker copies stdout and stderr separately, so line-two may land after tick-1; tick-2 comes a second later.
      return ticks(r.stdout).some((n) => n >= 2) ? r : undefined
    },
    { timeoutMs: 60_000, what: 'logs to show a second tick' },
  )
  expect(out.code).toBe(0)
  expect(out.stderr).toBe('')
  const lines = out.stdout.split('\n')
  for (const line of ['line-one', 'line-two', 'line-three']) expect(lines).toContain(line)
  expect(lines.indexOf('line-one')).toBeLessThan(lines.indexOf('line-three'))

  const tail = await asViewer('logs', 'ticker:v1', '--tail', '1')
  expect(tail.code).toBe(0)
  expect(tail.stdout).toMatch(/^tick-\d+\n$/)
  const stamped = await asViewer('logs', `ticker-v1@${host}`, '--tail', '1', '--timestamps')
  expect(stamped.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z tick-\d+\n$/)
})

test('logs -f receives a later line, and Ctrl-C ends it with exit 0', async () => {
  const before = Math.max(...ticks((await asViewer('logs', 'ticker:v1')).stdout))
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/heliosctl/main.js'), 'logs', 'ticker:v1', '-f'], {
    env: { ...process.env, HELIOS_SERVER: cluster.server, HELIOS_TOKEN: VIEWER, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    await waitFor(async () => ticks(stdout).some((n) => n > before + 1) || undefined, {
      timeoutMs: 60_000,
      what: `logs -f to print a tick after tick-${before + 1}`,
    })
  } finally {
    child.kill('SIGINT')
  }
  expect(await exited).toBe(0)
  expect(stderr).toBe('')
  expect(stdout.split('\n')).toContain('line-one')
})

test('an agent that is gone: logs exits 1 with one line naming the host', async () => {
  await cluster.agent(host).stop()
  const out = await asViewer('logs', 'ticker:v1')
  expect(out.code).toBe(1)
  expect(out.stdout).toBe('')
  expect(out.stderr).toMatch(
    new RegExp(`^error: cannot reach the agent of host "${host}" at 127\\.0\\.0\\.1:\\d+ \\(ECONNREFUSED\\)\\n$`),
  )
})
