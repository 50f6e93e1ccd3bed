import { describe, expect, test } from 'vitest'
import { ApiError, type Event, type TaskStatus } from '../apis/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { QUEUED_IN_ALL, QUEUED_PER_HISTORY } from './event-queue.js'
import { EventRecorder } from './event-recorder.js'
import { stateMessage, taskStateEvent } from './task-events.js'
import { MemoryState } from './testing/memory-state.js'
import { makeTask } from './testing/tasks.js'

const T0 = Date.parse('2024-01-01T00:00:00Z')
const task = makeTask('web', { image: 'busybox' })
const status = (state: TaskStatus['state'], n: number, extra: Partial<TaskStatus> = {}): TaskStatus => ({
  state,
  throttled: 'NO',
  ports: {},
  containerId: '1a2b3c4d5e6f',
  updatedAt: new Date(T0 + n).toISOString(),
  ...extra,
})

/** A recorder over a fake apiserver that is down while `api.down`, plus what it accepted. */
function setup(state = new MemoryState()) {
  const api = { down: true, accepted: [] as Event[], refuse: new Set<string>(), forbid: new Set<string>() }
  const client = {
    create: async (_kind: 'Event', obj: unknown) => {
      const event = obj as Event
      if (api.down) throw new ApiError('Unavailable', 'cannot reach apiserver at http://127.0.0.1:5801 (ECONNREFUSED)')
      if (api.refuse.has(event.metadata.name)) throw new ApiError('Invalid', 'no')
      if (api.forbid.has(event.metadata.name)) throw new ApiError('Forbidden', 'not yours')
      if (api.accepted.some((e) => e.metadata.name === event.metadata.name)) throw new ApiError('AlreadyExists', 'dup')
      api.accepted.push(event)
      return event
    },
  }
  const recorder = new EventRecorder({ client, store: state, clock: new ManualClock(T0), log: () => {} })
  return { api, state, recorder }
}

describe('task events', () => {
  test('TaskState: message, Warning for EXITED and FAILED, task fields, name from the time', () => {
    const exited = taskStateEvent(task, status('EXITED', 5, { exitCode: 137, throttled: 'FLAPPING' }))
    expect(exited).toMatchObject({
      involvedObject: { kind: 'Task', name: 'web@h1' },
      type: 'Warning',
      reason: 'TaskState',
      message: 'EXITED container 1a2b3c4 (exit code 137) [FLAPPING]',
      source: { component: 'agent', host: 'h1' },
      timestamp: '2024-01-01T00:00:00.005Z',
      task: { host: 'h1', job: 'web:v1', jobId: task.spec.jobId, state: 'EXITED', exitCode: 137 },
    })
    expect(exited.metadata.name).toMatch(new RegExp(`^web\\.h1\\.${(T0 + 5).toString(36)}-[0-9a-z]{4}$`))
    expect(taskStateEvent(task, status('STARTING', 0)).type).toBe('Normal')
    expect(stateMessage(status('FAILED', 0, { containerId: undefined, containerError: 'port 80 in use' }))).toBe(
      'FAILED: port 80 in use',
    )
  })
})

describe('EventRecorder', () => {
  test('queues on disk while the apiserver is away, then flushes in order once it answers', async () => {
    const { api, state, recorder } = setup()
    for (const [n, s] of ['PULLING_IMAGE', 'CREATING', 'STARTING', 'RUNNING'].entries()) {
      recorder.record(taskStateEvent(task, status(s as TaskStatus['state'], n)))
    }
    await recorder.flush()
    expect(api.accepted).toEqual([])
    expect((state.pendingEvents as Event[]).map((e) => e.task?.state)).toEqual([
      'PULLING_IMAGE',
      'CREATING',
      'STARTING',
      'RUNNING',
    ])
    // The agent restarts: a new recorder reads the queue back.
    const again = setup(state)
    again.api.down = false
    await again.recorder.flush()
    expect(again.api.accepted.map((e) => e.task?.state)).toEqual(['PULLING_IMAGE', 'CREATING', 'STARTING', 'RUNNING'])
    expect(again.recorder.pending).toEqual([])
    expect(state.pendingEvents).toEqual([])
  })

  test('a send that already landed (AlreadyExists) or is refused for good (Invalid) leaves the queue', async () => {
    const { api, recorder } = setup()
    const first = taskStateEvent(task, status('CREATING', 1))
    const second = taskStateEvent(task, status('STARTING', 2))
    recorder.record(first)
    recorder.record(second)
    api.down = false
    api.accepted.push(first)
    api.refuse.add(second.metadata.name)
    await recorder.flush()
    expect(recorder.pending).toEqual([])
  })

  test('an Event the apiserver forbids (a Task gone without a history) is dropped, not retried ahead of the rest', async () => {
    const { api, recorder } = setup()
    const forbidden = taskStateEvent(task, status('STOPPED', 1))
    const next = taskStateEvent(task, status('CREATING', 2))
    recorder.record(forbidden)
    recorder.record(next)
    api.down = false
    api.forbid.add(forbidden.metadata.name)
    await recorder.flush()
    expect(recorder.pending).toEqual([])
    expect(api.accepted.map((e) => e.metadata.name)).toEqual([next.metadata.name])
  })

  test(`keeps at most ${QUEUED_PER_HISTORY} per task and job and ${QUEUED_IN_ALL} in all, dropping the oldest`, async () => {
    const { recorder } = setup()
    for (let n = 0; n < QUEUED_PER_HISTORY + 5; n++) recorder.record(taskStateEvent(task, status('RUNNING', n)))
    expect(recorder.pending).toHaveLength(QUEUED_PER_HISTORY)
    expect(recorder.pending[0]?.timestamp).toBe(new Date(T0 + 5).toISOString())
    for (let t = 0; t < QUEUED_IN_ALL / 10 + 1; t++) {
      const other = makeTask(`app${t}`, { image: 'busybox' })
      for (let n = 0; n < 10; n++) recorder.record(taskStateEvent(other, status('RUNNING', 100 + n)))
    }
    expect(recorder.pending).toHaveLength(QUEUED_IN_ALL)
    expect(recorder.pending.some((e) => e.involvedObject.name === 'web@h1')).toBe(false)
  })

  test('never throws: an unsavable queue is logged and recording goes on', async () => {
    const state = new MemoryState()
    state.savePendingEvents = () => {
      throw new Error('ENOSPC')
    }
    const { recorder, api } = setup(state)
    expect(() => recorder.record(taskStateEvent(task, status('RUNNING', 0)))).not.toThrow()
    api.down = false
    await recorder.flush()
    expect(api.accepted).toHaveLength(1)
  })
})
