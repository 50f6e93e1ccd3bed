/** @module The Events a rollout records on its Deployment (pure): steps begun and ended, host failures, canaries, reverts. */
import { API_VERSION, clip, type Event, type EventType, eventName, type HostFailure } from '../../apis/index.js'

/** What happened in one planning pass, for people (`describe deployment`, `heliosctl events`, the dashboard). */
export interface RolloutEvent {
  type: EventType
  /** CamelCase: RolloutStarted, HostFailed, ProgressDeadlineExceeded, RolloutFailed, RolloutReverting, … */
  reason: string
  message: string
}

/** Event messages are stored up to this length. */
const MAX_MESSAGE = 1024

/** `h1: web:v2 exited with code 3 after 0.4 s`, then the container's last log lines, one per line. */
export const failureText = (f: HostFailure): string =>
  [`${f.host}: ${f.reason}`, ...f.logTail.map((line) => `  | ${line}`)].join('\n')

/** The Event of `e` about Deployment `name`, from the controller. */
export function deploymentEvent(name: string, e: RolloutEvent, at: number, random?: () => number): Event {
  return {
    apiVersion: API_VERSION,
    kind: 'Event',
    metadata: { name: eventName(name, at, random), labels: {}, annotations: {} },
    involvedObject: { kind: 'Deployment', name },
    type: e.type,
    reason: e.reason,
    message: clip(e.message, MAX_MESSAGE),
    source: { component: 'controller' },
    timestamp: new Date(at).toISOString(),
  }
}
