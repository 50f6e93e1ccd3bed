/** @module Task events: the Event the agent records for a task's status change or a corrected drift (apis/task-events.ts, shared with the apiserver). */
export { stateMessage, type TaskEventFields, taskEvent, taskStateEvent } from '../apis/index.js'
