// Which apiserver an agent talks to, read from the kernel (an oracle independent of our code): the remote ports of
// the process's established TCP connections, from /proc/<pid>/fd and /proc/net/tcp{,6}.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** Remote port → how many established connections `pid` has to it. */
export function establishedPeers(pid: number): Map<number, number> {
  const inodes = new Set<string>()
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
      if (inode) inodes.add(inode)
    } catch {
      // closed meanwhile
    }
  }
  const peers = new Map<number, number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      const [remote, state, inode] = [fields[2], fields[3], fields[9]]
      if (state !== '01' || !inode || !inodes.has(inode) || !remote) continue
      const port = Number.parseInt(remote.split(':')[1] ?? '', 16)
      peers.set(port, (peers.get(port) ?? 0) + 1)
    }
  }
  return peers
}
