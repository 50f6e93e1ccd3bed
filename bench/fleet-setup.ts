/** @module One fleet under test: the benchmark's own apiserver(s) on a ZooKeeper root of their own, hollow agents split over them; started, stopped, its tree removed. */
import type { Client } from 'node-zookeeper-client'
import { HeliosClient } from '../client/index.js'
import { type ApiserverOptions, type ApiserverProcess, startApiserver } from './apiserver-process.js'
import { type AgentProcess, spawnHollowFleet, waitHostsUp } from './hollow.js'
import { removeTree } from './zk-tree.js'

export interface FleetSetupOptions {
  zk: string
  /** `--zk-root` of every apiserver of this fleet, e.g. /helios-bench-fleet/<run>-one. */
  zkRoot: string
  apiservers: number
  agents: number
  /** Host names are `<hostPrefix>-<apiserver index>-<n>`; every Host carries `label` (k=v). */
  hostPrefix: string
  label: string
  /** Where apiserver i logs: `<logDir>/<name>-<i>.log`; its CPU profile, if any, is `<name>-<i>.cpuprofile`. */
  logDir: string
  name: string
  cpuProfileDir?: string
  zkSessionTimeout?: number
  /** Give every hollow agent all apiservers (its own first) as `--server a,b`: needs the agents' failover. */
  failover?: boolean
  timeoutMs: number
}

export interface FleetSetup {
  readonly apiservers: ApiserverProcess[]
  readonly fleets: AgentProcess[]
  /** A client of the first apiserver, which the benchmark observes through. */
  readonly client: HeliosClient
  readonly label: string
  readonly hosts: number
  /** From starting the agents until every host is UP. */
  readonly hostsUpMs: number
}

/** Starts the apiservers one after the other, then one hollow fleet per apiserver, and waits until all hosts are UP. */
export async function startFleet(o: FleetSetupOptions): Promise<FleetSetup> {
  const apiservers: ApiserverProcess[] = []
  const fleets: AgentProcess[] = []
  try {
    for (let i = 0; i < o.apiservers; i++) apiservers.push(await startApiserver(apiserverOptions(o, i)))
    const urls = apiservers.map((a) => a.url)
    for (const [i, count] of splitEvenly(o.agents, apiservers.length).entries()) {
      if (count === 0) continue
      const server = o.failover ? [...urls.slice(i), ...urls.slice(0, i)].join(',') : (urls[i] ?? '')
      fleets.push(spawnHollowFleet({ server, count, prefix: `${o.hostPrefix}-${i}`, label: o.label }))
    }
    const client = new HeliosClient(urls[0] ?? '')
    const hostsUpMs = await waitHostsUp(client, o.label, o.agents, o.timeoutMs, fleets)
    for (const a of apiservers) if (a.died) throw new Error(a.died)
    return { apiservers, fleets, client, label: o.label, hosts: o.agents, hostsUpMs }
  } catch (err) {
    await stopFleet({ apiservers, fleets })
    throw err
  }
}

export function apiserverOptions(o: FleetSetupOptions, i: number, suffix = ''): ApiserverOptions {
  const name = `${o.name}-${i}${suffix}`
  return {
    zk: o.zk,
    zkRoot: o.zkRoot,
    logFile: `${o.logDir}/${name}.log`,
    zkSessionTimeout: o.zkSessionTimeout,
    cpuProfile: o.cpuProfileDir ? { dir: o.cpuProfileDir, name } : undefined,
  }
}

/** Stops the agents first (SIGTERM), then the apiservers (SIGTERM: each writes its CPU profile as it exits). */
export async function stopFleet(setup: Pick<FleetSetup, 'apiservers' | 'fleets'>): Promise<void> {
  await Promise.all(setup.fleets.map((f) => f.stop()))
  await Promise.all(setup.apiservers.map((a) => a.stop()))
}

/** `total` split into `parts` counts differing by at most one, larger first: 5 over 2 → [3, 2]. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0))
}

/** Starts the fleet, runs `body`, stops it, and removes its ZooKeeper root (waiting out a killed session's nodes). */
export async function withFleet(
  zk: Client,
  setup: FleetSetupOptions,
  sessionTimeoutSeconds: number,
  body: (running: FleetSetup) => Promise<void>,
) {
  try {
    const running = await startFleet(setup)
    try {
      await body(running)
    } finally {
      await stopFleet(running)
    }
  } finally {
    const deadline = Date.now() + (sessionTimeoutSeconds + 10) * 1000
    // A ZooKeeper failure here must not hide why the row itself failed.
    if (!(await removeTree(zk, setup.zkRoot, deadline).catch(() => false)))
      console.error(`fleet-scale: ${setup.zkRoot} is still in ZooKeeper; the next run removes it`)
  }
}
