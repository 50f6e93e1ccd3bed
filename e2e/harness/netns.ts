// Hosts in network namespaces, as on separate machines: a bridge on a private /24 and one namespace per host joined
// to it by a veth pair, whose link can be cut and restored. A new lab first sweeps what killed runs left behind.
import { cleanupRegistry } from './cleanup.js'
import { ip, ipProblem, ipv4Networks, tryIp } from './ip-command.js'
import { LAB_PREFIX, removeNamespace, sweepStaleNetnsLabs } from './netns-sweep.js'
import { freeSubnet } from './subnet.js'

const LIVE = Symbol.for('helios.e2e.netns-lab')

export interface NetnsHost {
  /** The namespace's name; give its agent this Host name, so that a sweep finds its containers. */
  name: string
  /** Its address on the lab's subnet (inside the namespace). */
  address: string
  /** The veth end on this machine's side, a port of the bridge. */
  link: string
  /** The argv prefix that runs a command inside the namespace (`ip netns exec NAME`). */
  launcher: string[]
  /** Sets this machine's end of the link down: the host is cut off, as by a pulled cable. */
  cut(): void
  restore(): void
}

export interface NetnsLab {
  /** This machine's address on the bridge, where the namespaces reach services of the root namespace. */
  gateway: string
  hosts: NetnsHost[]
  /** Kills what still runs in the namespaces and deletes them, their veth pairs and the bridge (idempotent). */
  dispose(): void
}

/** `count` namespaces on a fresh bridge, as root; one lab per process at a time. */
export async function startNetnsLab(count: number): Promise<NetnsLab> {
  const live = globalThis as unknown as Record<symbol, boolean | undefined>
  if (live[LIVE]) throw new Error('a netns lab is already live in this process: dispose() it first')
  assertNetnsTools()
  await sweepStaleNetnsLabs()
  const owner = process.pid.toString(36)
  const bridge = `${LAB_PREFIX}${owner}br`
  const subnet = freeSubnet(ipv4Networks())
  const gateway = `${subnet}.1`
  const hosts = Array.from({ length: count }, (_, i) =>
    netnsHost(`${LAB_PREFIX}-${owner}-${i}`, `${LAB_PREFIX}${owner}v${i}`, `${subnet}.${i + 2}`),
  )
  let disposed = false
  const dispose = () => {
    if (disposed) return
    disposed = true
    for (const h of hosts) {
      tryIp('link', 'del', h.link) // its pair goes too, without waiting for the namespace to be freed
      removeNamespace(h.name)
    }
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
    throw new Error(`netns lab: ${ipProblem(err)}`)
  }
  return { gateway, hosts, dispose }
}

function netnsHost(name: string, link: string, address: string): NetnsHost {
  return {
    name,
    address,
    link,
    launcher: ['ip', 'netns', 'exec', name],
    cut: () => ip('link', 'set', 'dev', link, 'down'),
    restore: () => ip('link', 'set', 'dev', link, 'up'),
  }
}

/** The namespace, its veth pair (eth0 inside, a bridge port outside), its address and default route. */
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

/** Fails loudly, never skips, when this machine cannot make namespaces (not root, or no iproute2). */
function assertNetnsTools(): void {
  if (process.getuid?.() !== 0) throw new Error('network namespaces need root: run the multi-host scenario as root')
  try {
    ip('netns', 'list')
  } catch (err) {
    throw new Error(
      `network namespaces are out of reach (ip netns list: ${ipProblem(err)}): the multi-host scenario needs ` +
        'iproute2, which `bash scripts/ensure-deps.sh` installs as root',
    )
  }
}
