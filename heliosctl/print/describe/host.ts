/** @module `describe host`: labels, UP/DOWN and the agent's facts, cordon and drain, the Tasks on it, recent Events. */
import type { Event, Host, Task } from '../../../apis/index.js'
import { dockerVersion, memGb, memUsage } from '../host-facts.js'
import { hostStatusText } from '../hosts-table.js'
import { fields, pairsOf, section, when } from './layout.js'
import { metaFields } from './meta.js'
import { eventLines, taskLines } from './related.js'

export interface HostFacts {
  host: Host
  tasks: readonly Task[]
  events: readonly Event[]
  now: number
}

export function describeHost({ host: h, tasks, events, now }: HostFacts): string[] {
  const status = h.status
  const info = status?.hostInfo
  return [
    ...metaFields(h.metadata, now, [
      // The agent's own --label values; Labels above (the users') win over them for selectors.
      ['Agent Labels', status?.labels && pairsOf(status.labels)],
      ['Status', hostStatusText(h, now)],
      ['Last Heartbeat', status && when(status.lastHeartbeat, now)],
      ['Agent Version', status?.agentVersion],
      ['Agent Started', status?.agentStartedAt && when(status.agentStartedAt, now)],
      ['Unschedulable', h.spec.unschedulable],
      ['Drain', h.spec.drain],
    ]),
    ...section(
      'Host Info',
      info
        ? fields([
            ['Hostname', info.hostname],
            ['OS', `${info.os} (${info.architecture})`],
            ['CPUs', info.cpus],
            ['Memory', `${memGb(h)} (${memUsage(h)} in use)`],
            ['Load Average', info.loadAvg.toFixed(2)],
            ['Docker', dockerVersion(h)],
          ])
        : [],
    ),
    ...section('Tasks', tasks.length ? taskLines(tasks, ['NAME', 'JOB', 'GOAL'], now) : []),
    ...section('Events', eventLines(events, now)),
  ]
}
