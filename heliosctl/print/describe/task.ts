/** @module `describe task`: the binding (host, deployment, job, goal), the agent's status, recent Events. */
import type { Event, LastExit, Task } from '../../../apis/index.js'
import { boundPorts } from '../ports.js'
import { fields, section, when } from './layout.js'
import { metaFields } from './meta.js'
import { eventLines } from './related.js'

export function describeTask({
  task: t,
  events,
  now,
}: {
  task: Task
  events: readonly Event[]
  now: number
}): string[] {
  const status = t.status
  const stale = status?.jobId !== undefined && status.jobId !== t.spec.jobId
  return [
    ...metaFields(t.metadata, now, [
      ['Host', t.spec.host],
      ['Deployment', t.spec.deployment],
      ['Job', t.spec.job],
      ['Job Id', t.spec.jobId],
      ['Image', t.spec.jobSpec.image],
      ['Goal', t.spec.goal],
      ...(t.spec.restartedAt ? ([['Restarted At', when(t.spec.restartedAt, now)]] as const) : []),
    ]),
    ...section(
      'Status',
      status
        ? fields([
            ['State', status.state],
            ['Throttled', status.throttled],
            ['Goal', status.goal],
            ['Job Id', stale ? `${status.jobId} (not yet the Task's job)` : status.jobId],
            ['Container', status.containerId],
            ['Ports', boundPorts(status.ports)],
            ...(status.exitCode === undefined ? [] : ([['Exit Code', status.exitCode]] as const)),
            ...(status.runningSince ? ([['Running Since', when(status.runningSince, now)]] as const) : []),
            ['Restarts', status.restartCount ?? 0],
            ['Error', status.containerError],
            ['Updated', when(status.updatedAt, now)],
          ])
        : ['<none> (the agent has not reported yet)'],
    ),
    ...(status?.lastExit ? section('Last Exit', lastExitFields(status.lastExit, now)) : []),
    ...section('Events', eventLines(events, now)),
  ]
}

/** When the container of this Job last exited, its code, and what it printed last. */
function lastExitFields(exit: LastExit, now: number): string[] {
  return fields([
    ['At', when(exit.at, now)],
    ...(exit.startedAt ? ([['Started', when(exit.startedAt, now)]] as const) : []),
    ['Exit Code', exit.exitCode],
    ['Container', exit.containerId],
    ['Last Log Lines', exit.logTail],
  ])
}
