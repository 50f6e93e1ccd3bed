// Internal: removes what netns labs of dead processes left behind (a run killed midway never reaches its afterAll).
import { docker, removeContainersByLabel } from './docker.js'
import { ip, tryIp } from './ip-command.js'

/** Every lab name starts so, followed by its owner's pid in base 36. */
export const LAB_PREFIX = 'he2e'
/** A namespace (and Host) name, `he2e-<owner>-<i>`, and a link name, `he2e<owner>br` or `he2e<owner>v<i>`. */
const HOST_NAME = new RegExp(`^${LAB_PREFIX}-([0-9a-z]+)-\\d+$`)
const LINK_NAME = new RegExp(`^${LAB_PREFIX}([0-9a-z]+?)(?:br|v\\d+)$`)

/**
 * Removes the namespaces, links and containers (label helios.host=<namespace>) of labs whose owner is gone, or is
 * this process (call it only while this process has no lab). Returns the namespaces removed.
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
  const format = '{{.Label "helios.host"}}'
  const labels = await docker(['ps', '-a', '--filter', 'label=helios.host', '--format', format])
  if (labels.code !== 0) throw new Error(`docker ps --filter label=helios.host failed: ${labels.stderr.trim()}`)
  const hosts = new Set(labels.stdout.split('\n').filter((host) => stale(HOST_NAME.exec(host)?.[1])))
  for (const host of hosts) await removeContainersByLabel(`helios.host=${host}`)
  return namespaces
}

/** SIGKILLs the processes inside (agents a killed run orphaned), then deletes the namespace. */
export function removeNamespace(name: string): void {
  let pids: string[]
  try {
    pids = ip('netns', 'pids', name).split(/\s+/).filter(Boolean)
  } catch {
    return // no such namespace
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // exited meanwhile
    }
  }
  tryIp('netns', 'del', name)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
