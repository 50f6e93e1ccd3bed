// Hosts in network namespaces, as on separate machines: a bridge on a private /24 and one namespace per host joined
// to it by a veth pair; a host's link can be cut and restored, and what a killed run left behind is swept.
import { execFileSync } from 'node:child_process'
import { cleanupRegistry } from './cleanup.js'
import { removeContainersByLabel } from './docker.js'
import { run } from './process.js'
import { freeSubnet } from './subnet.js'

/** Every name starts so; the owner's pid (base 36) follows, so a sweep tells a live lab from a dead run's. */
const PREFIX = 'he2e'
const LIVE = Symbol.for('helios.e2e.netns-lab')
/** A namespace (and Host) name, `he2e-<owner>-<i>`, and a link name, `he2e<owner>br` or `he2e<owner>v<i>`. */
const HOST_NAME = new RegExp(`^${PREFIX}-([0-9a-z]+)-\\d+$`)
const LINK_NAME = new RegExp(`^${PREFIX}([0-9a-z]+?)(?:br|v\\d+)$`)

export interface NetnsHost {
  /** The namespace's name, also the Host name its agent should take (so a sweep finds its containers). */
  name: string
  /** Its address on the lab's subnet (inside the namespace). */
  address: string
  /** The veth end on this machine's side: a port of the bridge. */
  link: string
  /** The argv prefix that runs a command inside the namespace. */
  launcher: string[]
  /** Sets this machine's end of the link down: the host is cut off, as by a pulled cable. */
  cut(): void
  restore(): void
}

export interface NetnsLab {
  /** This machine's address on the bridge: where the namespaces reach services of the root namespace. */
  gateway: string
  hosts: NetnsHost[]
  /** Kills what still runs in the namespaces and deletes them, their veth pairs and the bridge (idempotent). */
  dispose(): void
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const tryIp = (...args: string[]) => {
  try {
    ip(...args)
  } catch {
    // already gone
  }
}

/** `count` namespaces on a fresh bridge; one lab per process at a time. Sweeps dead runs' leftovers first. */
export async function startNetnsLab(count: number): Promise<NetnsLab> {
  const live = globalThis as unknown as Record<symbol, boolean | undefined>
  if (live[LIVE]) throw new Error('a netns lab is already live in this process: dispose() it first')
  await sweepStaleNetnsLabs()
  const id = process.pid.toString(36)
  const bridge = `${PREFIX}${id}br`
  const base = freeSubnet(ipv4Networks())
  const gateway = `${base}.1`
  const hosts = Array.from({ length: count }, (_, i) => netnsHost(`${PREFIX}-${id}-${i}`, `${PREFIX}${id}v${i}`, i))
  let disposed = false
  const dispose = () => {
    if (disposed) return
    disposed = true
    for (const h of hosts) removeNamespace(h.name)
    tryIp('link', 'del', bridge)
    live[LIVE] = false
    cleanupRegistry().delete(dispose)
  }
  live[LIVE] = true
  cleanupRegistry().add(dispose)
  try {
    ip('link', 'add', bridge, 'type', 'bridge')
    ip('addr', 'add', `${gateway}/24`, 'dev', bridge)
    ip('link', 'set', bridge, 'up')
    for (const h of hosts) wire(h, bridge, gateway)
  } catch (err) {
    dispose()
    throw new Error(`netns lab: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`)
  }
  return { gateway, hosts, dispose }

  function netnsHost(name: string, link: string, i: number): NetnsHost {
    return {
      name,
      address: `${base}.${i + 2}`,
      link,
      launcher: ['ip', 'netns', 'exec', name],
      cut: () => ip('link', 'set', 'dev', link, 'down'),
      restore: () => ip('link', 'set', 'dev', link, 'up'),
    }
  }
}

function wire(h: NetnsHost, bridge: string, gateway: string): void {
  ip('netns', 'add', h.name)
  ip('link', 'add', h.link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.name)
  ip('link', 'set', h.link, 'master', bridge, 'up')
  const inside = (...args: string[]) => ip('-n', h.name, ...args)
  inside('addr', 'add', `${h.address}/24`, 'dev', 'eth0')
  inside('link', 'set', 'lo', 'up')
  inside('link', 'set', 'eth0', 'up')
  inside('route', 'add', 'default', 'via', gateway)
}

/** SIGKILLs the processes inside, then deletes the namespace; its veth pair goes with it. */
function removeNamespace(name: string): void {
  let pids: string[] = []
  try {
    pids = ip('netns', 'pids', name).split(/\s+/).filter(Boolean)
  } catch {
    return // no such namespace
  }
  for (const pid of pids) tryKill(Number(pid))
  tryIp('netns', 'del', name)
}

/**
 * Removes the namespaces, links and containers (label helios.host=<namespace>) of labs whose owner process is gone,
 * or is this one with no lab live: what a killed or crashed run left behind. Returns the namespaces removed.
 */
export async function sweepStaleNetnsLabs(): Promise<string[]> {
  const stale = (owner: string | undefined) =>
    owner !== undefined && (owner === process.pid.toString(36) || !alive(Number.parseInt(owner, 36)))
  const namespaces = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((ns) => stale(HOST_NAME.exec(ns)?.[1]))
  for (const ns of namespaces) removeNamespace(ns)
  for (const [, link = ''] of ip('-o', 'link', 'show').matchAll(/^\d+: ([^:@]+)/gm))
    if (stale(LINK_NAME.exec(link)?.[1])) tryIp('link', 'del', link)
  const labels = await run('docker', [
    'ps',
    '-a',
    '--filter',
    'label=helios.host',
    '--format',
    '{{.Label "helios.host"}}',
  ])
  if (labels.code !== 0) throw new Error(`docker ps --filter label=helios.host failed: ${labels.stderr.trim()}`)
  const hosts = new Set(labels.stdout.split('\n').filter((host) => stale(HOST_NAME.exec(host)?.[1])))
  for (const host of hosts) await removeContainersByLabel(`helios.host=${host}`)
  return namespaces
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // exited meanwhile
  }
}

/** The IPv4 networks this machine routes or holds an address in, as "a.b.c.d/n". */
function ipv4Networks(): string[] {
  const routes = ip('-4', 'route', 'show', 'table', 'all').split('\n')
  const addrs = ip('-4', '-o', 'addr', 'show').split('\n')
  return [...routes, ...addrs].flatMap((line) => line.match(/\b\d+\.\d+\.\d+\.\d+(\/\d+)?\b/g) ?? [])
}
