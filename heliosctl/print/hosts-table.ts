/** @module `heliosctl hosts` table in Helios' columns, with "Up 3 minutes" / "Down 2 minutes" status. */
import { type Host, hostLabels, type Task } from '../../apis/index.js'
import { elapsedMs, humanDuration } from './duration.js'
import { dockerVersion, labelList, memGb, memUsage } from './host-facts.js'
import { table } from './table.js'

const HEADER = [
  'HOST',
  'STATUS',
  'DEPLOYED',
  'RUNNING',
  'CPUS',
  'MEM',
  'LOAD AVG',
  'MEM USAGE',
  'OS',
  'HELIOS',
  'DOCKER',
  'LABELS',
]

/** `Up <since the agent started>` or `Down <since the last heartbeat>`, as Helios prints. */
export function hostStatusText(host: Host, now: number): string {
  const status = host.status
  if (!status) return 'Unknown'
  const since = status.state === 'UP' ? (status.agentStartedAt ?? status.lastHeartbeat) : status.lastHeartbeat
  const ms = elapsedMs(since, now)
  const word = status.state === 'UP' ? 'Up' : 'Down'
  return ms === undefined ? word : `${word} ${humanDuration(ms)}`
}

/** One row per host, sorted by name; DEPLOYED = its Tasks, RUNNING = those running. */
export function hostsTable(hosts: readonly Host[], tasks: readonly Task[], now: number): string[] {
  const rows = [...hosts]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((host) => {
      const own = tasks.filter((t) => t.spec.host === host.metadata.name)
      const info = host.status?.hostInfo
      return [
        host.metadata.name,
        hostStatusText(host, now),
        String(own.length),
        String(own.filter((t) => t.status?.state === 'RUNNING').length),
        info ? String(info.cpus) : '',
        memGb(host),
        info ? info.loadAvg.toFixed(2) : '',
        memUsage(host),
        info?.os ?? '',
        host.status?.agentVersion ?? '',
        dockerVersion(host),
        labelList(hostLabels(host)),
      ]
    })
  return table(HEADER, rows)
}
