/** @module An apiserver restart under a converged fleet: kill -9, start again, until every host is UP through it; its RSS every 250 ms against the steady RSS before. */
import type { Host } from '../apis/index.js'
import { parseGauge, scrapeMetrics } from './apiserver-metrics.js'
import { type ApiserverOptions, isLeader, spawnApiserver } from './apiserver-process.js'
import type { FleetSetup } from './fleet-setup.js'
import { zkZxid } from './hollow.js'
import { sampleRss } from './rss-sampler.js'

export interface RestartSample {
  seconds: number
  rssMiB?: number
  /** Hosts that heartbeated through the new apiserver so far. */
  hostsUp: number
  /** Its open watch streams. */
  watches?: number
}

export interface RestartRow {
  scenario: string
  hosts: number
  tasks: number
  /** The fleet's convergence through this apiserver before the kill (undefined: not within the timeout). */
  convergedRunningMs?: number
  /** Median of 250 ms samples over the steady window before the kill. */
  steadyRssMiB?: number
  /** The highest 250 ms sample from the restart to the end of recovery plus the tail; its ratio to steady. */
  peakRssMiB?: number
  peakOverSteady?: number
  rssAfterMiB?: number
  /**
   * From starting the new process until: it answers a Host list; every host heartbeated through it; its open watches
   * are back to their number before the kill; it leads (runs the controllers) again.
   */
  readyMs?: number
  hostsUpAgainMs?: number
  watchesBackMs?: number
  leaderAgainMs?: number
  /** Open watch streams before the kill: the agents' and, on the leader, the controllers' (the benchmark's own closed). */
  watchesBefore?: number
  /** The killed process's ZooKeeper session lingers this long, holding the leadership: it delays leaderAgainMs. */
  zkSessionTimeoutSeconds: number
  /** zxid difference over the recovery window (the tail not included). */
  zkWrites?: number
  samples: RestartSample[]
}

export interface RestartOptions {
  zk: string
  tasks: number
  convergedRunningMs?: number
  /** How the new process is started (same port and root as the one killed). */
  respawn: ApiserverOptions
  zkSessionTimeoutSeconds: number
  steadySeconds: number
  /** RSS sampling goes on this long after recovery, for a burst that comes late. */
  tailSeconds: number
  timeoutMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Kills `setup.apiservers[0]` (the fleet's only one) with SIGKILL and puts the restarted one in its place. */
export async function measureRestart(setup: FleetSetup, o: RestartOptions): Promise<RestartRow> {
  const old = setup.apiservers[0]
  if (!old || setup.apiservers.length !== 1) throw new Error('the restart is measured on a fleet of one apiserver')
  const steady = sampleRss(() => [old.pid])
  await sleep(o.steadySeconds * 1000)
  const steadyRss = steady.stop()
  const watchesBefore = parseGauge((await scrapeMetrics(old.url)) ?? '', 'helios_apiserver_watches')

  await old.kill9()
  const zxidBefore = await zkZxid(o.zk)
  const restartAt = Date.now()
  const fresh = await spawnApiserver({ ...o.respawn, port: old.port })
  setup.apiservers[0] = fresh
  const rss = sampleRss(() => [fresh.pid])
  const samples: RestartSample[] = []
  const since = () => Date.now() - restartAt
  let readyMs: number | undefined
  let hostsUpAgainMs: number | undefined
  let watchesBackMs: number | undefined
  let leaderAgainMs: number | undefined
  const recovered = () =>
    hostsUpAgainMs !== undefined &&
    leaderAgainMs !== undefined &&
    (watchesBackMs !== undefined || watchesBefore === undefined)
  while (!recovered() && since() < o.timeoutMs) {
    if (fresh.died) throw new Error(fresh.died)
    const hosts = await setup.client.list('Host', { labelSelector: setup.label }).then(
      (list) => list.items,
      () => undefined,
    )
    if (hosts) readyMs ??= since()
    const up = (hosts ?? []).filter((h) => heartbeatSince(h, restartAt)).length
    if (up >= setup.hosts) hostsUpAgainMs ??= since()
    const watches = parseGauge((await scrapeMetrics(fresh.url)) ?? '', 'helios_apiserver_watches')
    if (watchesBefore !== undefined && watches !== undefined && watches >= watchesBefore) watchesBackMs ??= since()
    if (leaderAgainMs === undefined && (await isLeader(fresh.url))) leaderAgainMs = since()
    samples.push({ seconds: since() / 1000, rssMiB: rss.figures()?.lastMiB, hostsUp: up, watches })
    await sleep(500)
  }
  const zxidAfter = await zkZxid(o.zk)
  await sleep(o.tailSeconds * 1000)
  const recovery = rss.stop()
  const steadyMiB = steadyRss?.medianMiB
  return {
    scenario: 'apiserver restart',
    hosts: setup.hosts,
    tasks: o.tasks,
    convergedRunningMs: o.convergedRunningMs,
    steadyRssMiB: steadyMiB,
    peakRssMiB: recovery?.peakMiB,
    peakOverSteady: recovery && steadyMiB ? recovery.peakMiB / steadyMiB : undefined,
    rssAfterMiB: recovery?.lastMiB,
    readyMs,
    hostsUpAgainMs,
    watchesBackMs,
    leaderAgainMs,
    watchesBefore,
    zkSessionTimeoutSeconds: o.zkSessionTimeoutSeconds,
    zkWrites: zxidBefore !== undefined && zxidAfter !== undefined ? zxidAfter - zxidBefore : undefined,
    samples,
  }
}

/** UP with a heartbeat stamped at or after `t` (epoch ms): written through the new apiserver. */
export function heartbeatSince(host: Host, t: number): boolean {
  const beat = host.status?.lastHeartbeat ? Date.parse(host.status.lastHeartbeat) : Number.NaN
  return host.status?.state === 'UP' && beat >= t
}
