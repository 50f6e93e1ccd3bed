// Bench smoke: `node dist/bench/main.js --quick` runs every benchmark against a fresh one-agent cluster, exits 0 and
// writes its result files. It checks that the benchmarks work, never their timings (machines are shared and noisy).
// Cleanup is covered by the exit code: each benchmark waits until its Tasks and containers are gone, or fails; the
// fleet benchmark's own apiservers leave no ZooKeeper tree behind (checked below), even the one it kills with -9.
// HELIOS_BENCH_CPU_PROF=1 runs the fleet's apiservers under `node --cpu-prof`: their profiles are checked too.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openZooKeeper, zkCall } from '../../bench/zk-session.js'
import { type Cluster, freePort, REPO_ROOT, run, startCluster } from '../harness.js'

let cluster: Cluster
let dnsPort: number
const results = mkdtempSync(join(tmpdir(), 'helios-bench-smoke-'))

beforeAll(async () => {
  dnsPort = await freePort()
  cluster = await startCluster({ agents: [{}], apiserverArgs: ['--dns-listen', `127.0.0.1:${dnsPort}`] })
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
    HELIOS_BENCH_CPU_PROF: '1',
    HELIOS_DNS: `127.0.0.1:${dnsPort}`,
  }
  // The fleet's three rows each start apiservers of their own and converge a fleet: about 80 s of the run.
  const bench = await run('node', [join(REPO_ROOT, 'dist/bench/main.js'), '--quick'], { env, timeoutMs: 450_000 })
  expect(bench.code, `bench exited ${bench.code}:\n${bench.stdout}\n${bench.stderr}`).toBe(0)

  const written = [
    'machine',
    'one-container',
    'fifty-containers',
    'restart-after-kill',
    'dns-discovery',
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
  const discovery = JSON.parse(readFileSync(join(results, 'dns-discovery.json'), 'utf8')) as {
    rows: { runs: number }[]
  }
  expect(
    discovery.rows.map((r) => r.runs),
    'the DNS rows are measured, not skipped',
  ).toEqual([2, 2, 2])
  // Quick mode leaves Swarm alone and says so instead of failing.
  expect(bench.stdout).toContain('skipped: quick run')
  for (const chart of ['fleet-scale.svg', 'fleet-scale-2-apiservers.svg', 'fleet-restart.svg'])
    expect(readFileSync(join(results, chart), 'utf8'), chart).toMatch(/^<svg/)
  await expectFleetRows()
  await expectNoFleetTreeLeft()
}, 480_000)

/** The three rows, with counts and samples (never timings); a profile from every apiserver that exited, none from the one killed. */
async function expectFleetRows() {
  const fleet = JSON.parse(readFileSync(join(results, 'fleet-scale.json'), 'utf8'))
  expect(fleet.rows.map((r: { scenario: string; apiservers: number }) => [r.scenario, r.apiservers])).toEqual([
    ['one apiserver', 1],
    ['two apiservers', 2],
  ])
  expect(fleet).toMatchObject({ hosts: 50, tasks: 200 }) // the one-apiserver row, where the earlier files had it
  expect(fleet.rows[1].apiserverRssEachMiB).toHaveLength(2)
  expect(fleet.rows[0].zkRequestsPerTask.multi, 'ZooKeeper transactions per Task from /metrics').toBeGreaterThan(0)
  expect(fleet.restart).toMatchObject({ scenario: 'apiserver restart', hosts: 50, tasks: 200 })
  expect(typeof fleet.restart.steadyRssMiB, 'RSS sampled before the kill').toBe('number')
  expect(typeof fleet.restart.peakRssMiB, 'RSS sampled after the restart').toBe('number')
  expect(fleet.restart.samples.length).toBeGreaterThan(0)
  const profiles = join(results, 'profiles')
  for (const name of ['one-0', 'two-0', 'two-1', 'restart-0-restarted'])
    expect(existsSync(join(profiles, `${name}.cpuprofile`)), `${name}.cpuprofile`).toBe(true)
  expect(existsSync(join(profiles, 'restart-0.cpuprofile')), 'the apiserver killed with -9 writes no profile').toBe(
    false,
  )
  expect(fleet.profiles.map((p: { file: string }) => p.file.split('/').pop())).toEqual([
    'one-0.cpuprofile',
    'two-0.cpuprofile',
    'two-1.cpuprofile',
    'restart-0-restarted.cpuprofile',
  ])
  expect(fleet.profiles[0].summary.functions.length).toBeGreaterThan(0)
}

/** Every row's apiservers ran on a root of their own under /helios-bench-fleet; all of them are gone. */
async function expectNoFleetTreeLeft() {
  const zk = await openZooKeeper(cluster.zk.connect)
  try {
    const left = await zkCall<string[]>((cb) => zk.getChildren('/helios-bench-fleet', cb))
    expect(left, 'fleet roots left in ZooKeeper').toEqual([])
  } finally {
    zk.close()
  }
}
