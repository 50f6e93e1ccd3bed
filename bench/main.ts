#!/usr/bin/env node
/**
 * @module `npm run bench [-- --quick] [--cpu-prof] [--failover]`: runs every benchmark against the cluster at
 * HELIOS_SERVER (token: HELIOS_TOKEN; its ZooKeeper: HELIOS_ZK, on which the fleet benchmark starts apiservers of its
 * own; results to HELIOS_BENCH_RESULTS, default bench/results/) and prints ratios to its peers.
 */
import { HeliosClient } from '../client/index.js'
import { benchApiApply } from './api-apply.js'
import { benchDnsDiscovery } from './dns-discovery.js'
import { parseDnsAddress } from './dns-probe.js'
import { benchFiftyContainers } from './fifty-containers.js'
import { benchFleetScale } from './fleet-scale.js'
import { printFleetReport } from './fleet-table.js'
import { describeMachine, readMachine } from './machine.js'
import { benchOneContainer } from './one-container.js'
import { composeMissing } from './peers-compose.js'
import { openSwarm, type Swarm } from './peers-swarm.js'
import { benchRestartAfterKill, MAX_KILLS } from './restart-after-kill.js'
import { resultsDir, saveResult } from './results.js'
import { benchRollingUpdate, printRolloutTable } from './rolling-update.js'
import {
  printFanoutTable,
  printResourceTable,
  printSkipped,
  printTable,
  printThroughputTable,
  type Row,
  type Skipped,
} from './stats.js'
import { benchSteadyState, readPidFile } from './steady-state.js'
import { benchWatchFanout } from './watch-fanout.js'

const server = process.env.HELIOS_SERVER ?? 'http://127.0.0.1:5801'
const quick = process.argv.includes('--quick')
const zkServer = process.env.HELIOS_ZK ?? '127.0.0.1:2181'
const token = process.env.HELIOS_TOKEN || undefined
/** The apiserver's built-in DNS (its --dns-listen, as `npm run solo` starts it) and zone (--dns-domain). */
const dns = parseDnsAddress(process.env.HELIOS_DNS ?? '127.0.0.1:5353')
const dnsDomain = process.env.HELIOS_DNS_DOMAIN ?? 'helios'
const cli = [process.execPath, new URL('../heliosctl/main.js', import.meta.url).pathname, '--server', server]
/** Run the fleet's apiservers under `node --cpu-prof` (also HELIOS_BENCH_CPU_PROF=1); profiles in <results>/profiles/. */
const cpuProfile = process.argv.includes('--cpu-prof') || process.env.HELIOS_BENCH_CPU_PROF === '1'
/** Give the fleet's hollow agents both apiservers (`--server a,b`), once the agents fail over. */
const failover = process.argv.includes('--failover')
const repoRoot = new URL('../../', import.meta.url).pathname
const results = resultsDir()

const save = (name: string, result: object) => saveResult(results, name, quick, result)

async function main() {
  const client = new HeliosClient(server, { token })
  const hosts = (await client.list('Host')).items.filter((h) => h.status?.state === 'UP')
  const host = hosts[0]?.metadata.name
  if (!host) throw new Error(`no host is UP at ${server}: start a cluster with \`npm run solo\` first`)
  console.log(`benchmarking against ${server}, host ${host}${quick ? ' (quick)' : ''}`)
  const machine = await readMachine(zkServer)
  console.log(`${describeMachine(machine)}\n`)
  save('machine', machine)

  // Swarm mode changes the whole engine (ingress network, raft state): the quick smoke run leaves it alone.
  const swarm: Swarm | string = quick ? 'quick run (Swarm is only measured by the full run)' : await openSwarm()
  try {
    await peerBenchmarks(client, host, swarm)
  } finally {
    if (typeof swarm !== 'string') await swarm.leave()
  }

  await ownBenchmarks(client, host)
  await fleetBenchmarks()
}

/**
 * Rolling updates (three real agents, hollow agents), then the hollow fleet of 1,000 hosts × 10 Tasks on apiservers
 * of its own (one, two, and one killed and restarted), on the cluster's ZooKeeper.
 */
async function fleetBenchmarks() {
  const rollout = await benchRollingUpdate({ server, token, quick })
  console.log(`${printRolloutTable(rollout)}\n`)
  save('rolling-update', { rows: rollout })

  const fleet = await benchFleetScale({ quick, zk: zkServer, resultsDir: results, cpuProfile, failover })
  console.log(printFleetReport(fleet))
  save('fleet-scale', fleet)
}

/** The benchmarks with Docker Swarm and docker-compose as peers; their ratio column is Helios / each row. */
async function peerBenchmarks(client: HeliosClient, host: string, swarm: Swarm | string) {
  const printed = (name: string, r: { rows: Row[]; skipped: Skipped[] }) => {
    console.log(printTable(r.rows, 'HELIOS / THIS'))
    if (r.skipped.length > 0) console.log(printSkipped(r.skipped))
    console.log('')
    save(name, { ratio: 'Helios median / this row median', ...r })
  }
  printed('one-container', await benchOneContainer({ client, host, cli, runs: quick ? 2 : 10, swarm }))
  const compose = (await composeMissing()) ?? true
  const containers = quick ? 5 : 50
  const runs = quick ? 1 : 3
  printed('fifty-containers', await benchFiftyContainers({ client, host, cli, containers, runs, swarm, compose }))
}

async function ownBenchmarks(client: HeliosClient, host: string) {
  const restart = await benchRestartAfterKill({ client, host, cli, runs: quick ? 2 : MAX_KILLS })
  console.log(`${printTable(restart)}\n`)
  save('restart-after-kill', { rows: restart })

  if (dns) {
    const discovery = await benchDnsDiscovery({ client, host, cli, dns, domain: dnsDomain, runs: quick ? 2 : 5 })
    console.log(printTable(discovery.rows, 'x GRACE'))
    if (discovery.skipped.length > 0) console.log(printSkipped(discovery.skipped))
    console.log('')
    save('dns-discovery', { ratio: 'row median / the grace period', ...discovery })
  } else console.log('service discovery: skipped (HELIOS_DNS is not HOST:PORT)\n')

  const apply = await benchApiApply({ client, zk: zkServer, count: quick ? 100 : 1000, concurrency: 20 })
  console.log(`${printThroughputTable(apply)}\n`)
  save('api-apply', { rows: apply })

  const watchers = quick ? 100 : 1000
  const fanout = await benchWatchFanout({ client, token, watchers, timeoutMs: 30_000 })
  console.log(`${printFanoutTable(fanout)}\n`)
  save('watch-fanout', fanout)

  // The agent's pid: HELIOS_AGENT_PID, else the one `npm run solo` started.
  const agentPid = Number(process.env.HELIOS_AGENT_PID) || readPidFile(`${repoRoot}.solo/agent.pid`)
  if (!agentPid) {
    console.log('steady state: skipped (no agent pid: set HELIOS_AGENT_PID, or run against `npm run solo`)')
    return
  }
  const containers = quick ? 5 : 50
  const steady = await benchSteadyState({ client, host, cli, agentPid, containers, seconds: quick ? 5 : 30 })
  console.log(`${containers} Tasks from apply to all RUNNING in ${(steady.convergeMs / 1000).toFixed(1)} s`)
  console.log(printResourceTable(steady.rows))
  save('steady-state', steady)
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  process.exit(1)
})
