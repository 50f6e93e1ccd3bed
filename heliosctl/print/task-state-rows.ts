/** @module TaskState Events as history rows: one per state, the states a status passed through unwritten included. */
import {
  byEventTime,
  type Event,
  type EventTask,
  type PassedThroughState,
  stateMessage,
  taskStateType,
} from '../../apis/index.js'

/**
 * The Event of a state its status passed through (agent/folded-states.ts): that state, container and throttle at its
 * own time; the exit code and error were the later status' own.
 */
function passedEvent(e: Event, task: EventTask, passed: PassedThroughState): Event {
  const { containerError: _error, exitCode: _code, containerId: _id, passedThrough: _list, ...same } = task
  const status = {
    ...same,
    state: passed.state,
    throttled: passed.throttled ?? 'NO',
    ...(passed.containerId !== undefined && { containerId: passed.containerId }),
  }
  return { ...e, type: taskStateType(passed.state), message: stateMessage(status), timestamp: passed.at, task: status }
}

/** A TaskState Event as its states: one per state it passed through, then its own (any other Event: itself). */
function statesOf(e: Event): Event[] {
  const task = e.task
  if (e.reason !== 'TaskState' || !task?.passedThrough) return [e]
  return [...task.passedThrough.map((passed) => passedEvent(e, task, passed)), e]
}

/** `events` oldest first, each TaskState Event preceded by the states it passed through (older Events: just it). */
export function withPassedStates(events: readonly Event[]): Event[] {
  const expanded = [...events].sort(byEventTime).flatMap(statesOf)
  // A stable sort: states of one status keep their order when their times are equal, as do Events byEventTime ordered.
  return expanded.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
}
