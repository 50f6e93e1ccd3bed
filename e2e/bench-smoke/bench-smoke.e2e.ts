// Bench smoke: `node dist/bench/main.js --quick` runs every benchmark against a fresh one-agent cluster, exits 0 and
// writes its result files. It checks that the benchmarks work, never their timings (machines are shared and noisy).
// Cleanup is covered by the exit code: each benchmark waits until its Tasks and containers are gone, or fails.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Cluster, REPO_ROOT, run, startCluster } from '../harness.js'

let cluster: Cluster
const results = mkdtempSync(join(tmpdir(), 'helios-bench-smoke-'))

beforeAll(async () => {
  cluster = await startCluster({ agents: [{}] })
})

afterAll(async () => {
  await cluster?.stop()
  rmSync(results, { recursive: true, force: true })
})

test('npm run bench -- --quick runs every benchmark and writes its results', async () => {
  const agentPid = cluster.agents[0]?.pid
  expect(agentPid, 'the agent runs').toBeGreaterThan(0)
  const env = {
    ...process.env,
    HELIOS_SERVER: cluster.server,
    HELIOS_ZK: cluster.zk.connect,
    HELIOS_AGENT_PID: String(agentPid),
    HELIOS_BENCH_RESULTS: results,
  }
  const bench = await run('node', [join(REPO_ROOT, 'dist/bench/main.js'), '--quick'], { env, timeoutMs: 300_000 })
  expect(bench.code, `bench exited ${bench.code}:\n${bench.stdout}\n${bench.stderr}`).toBe(0)

  const written = [
    'machine',
    'one-container',
    'fifty-containers',
    'restart-after-kill',
    'api-apply',
    'watch-fanout',
    'steady-state',
    'rolling-update',
    'fleet-scale',
  ]
  for (const name of written) {
    const file = join(results, `${name}.json`)
    expect(existsSync(file), `${file} was written`).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8')).quick, `${name}.json records the quick run`).toBe(true)
  }
  const one = JSON.parse(readFileSync(join(results, 'one-container.json'), 'utf8')) as { rows: { subject: string }[] }
  expect(one.rows.map((r) => r.subject)).toContain('heliosctl apply -> RUNNING')
  // Quick mode leaves Swarm alone and says so instead of failing.
  expect(bench.stdout).toContain('skipped: quick run')
  expect(readFileSync(join(results, 'fleet-scale.svg'), 'utf8')).toMatch(/^<svg/)
}, 330_000)
