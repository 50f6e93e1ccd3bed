/** @module `describe event`: what happened, to which object, reported by whom. */
import { type Event, stateMessage } from '../../../apis/index.js'
import { kindName } from '../object-ref.js'
import { utcTimestamp } from '../timestamp.js'
import { fields, when } from './layout.js'

export function describeEvent(e: Event, now: number): string[] {
  const task = e.task
  return fields([
    ['Name', e.metadata.name],
    ['Object', kindName(e.involvedObject.kind, e.involvedObject.name)],
    ['Type', e.type],
    ['Reason', e.reason],
    ['Message', e.message],
    ['From', [e.source.component, e.source.host].filter(Boolean).join(', ')],
    ['Time', when(e.timestamp, now)],
    ...(task
      ? ([
          ['Task State', task.throttled === 'NO' ? task.state : `${task.state} (${task.throttled})`],
          ['Task Job', task.jobId],
          ['Container', task.containerId],
          ['Error', task.containerError],
          // The states its status replaced unwritten (agent/folded-states.ts); history prints each as a row.
          ...(task.passedThrough
            ? ([
                [
                  'Passed Through',
                  task.passedThrough.map(
                    (p) => `${utcTimestamp(p.at)}  ${stateMessage({ ...p, throttled: p.throttled ?? 'NO' })}`,
                  ),
                ],
              ] as const)
            : []),
        ] as const)
      : []),
  ])
}
