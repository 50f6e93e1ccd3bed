/** @module A StatusWriter over a fake apiserver that can be down or hold replies, on a ManualClock (status tests). */
import { type AnyObject, ApiError, type Task, type TaskState, type TaskStatus } from '../../apis/index.js'
import { ManualClock } from '../../client/testing/manual-clock.js'
import { type StatusFields, StatusWriter } from '../status-writer.js'
import { MemoryState } from './memory-state.js'
import { makeTask } from './tasks.js'

export const task = makeTask('web', { image: 'busybox' })
export const fields = (state: TaskState, extra: Partial<StatusFields> = {}): StatusFields => ({
  state,
  goal: 'START',
  jobId: task.spec.jobId,
  throttled: 'NO',
  ports: {},
  ...extra,
})

/** Moves the clock `steps` times by `ms`, letting promise chains settle after each step (retry rounds, timers). */
export async function advance(clock: ManualClock, steps: number, ms = 1_000): Promise<void> {
  for (let i = 0; i < steps; i++) {
    clock.advance(ms)
    await settle()
  }
}

/** Lets promise chains settle (a write's reply, the next chained write). */
export const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** Holds the fake apiserver's replies until the returned function is called. */
export function hold(api: ReturnType<typeof setup>['api']): () => void {
  let release = () => {}
  api.held = new Promise<void>((resolve) => {
    release = resolve
  })
  return () => {
    api.held = undefined
    release()
  }
}

/** A writer over a fake apiserver that can be down or hold replies until released; records writes and Events. */
export function setup(opts: { state?: MemoryState; clock?: ManualClock; random?: () => number } = {}) {
  const state = opts.state ?? new MemoryState()
  const clock = opts.clock ?? new ManualClock()
  const api = {
    down: false,
    held: undefined as Promise<void> | undefined,
    written: [] as Array<{ status: TaskStatus; at: number }>,
    attempts: [] as number[],
  }
  const client = {
    updateStatus: async (_kind: 'Task', obj: AnyObject) => {
      api.attempts.push(clock.now())
      if (api.held) await api.held
      if (api.down) throw new ApiError('Unavailable', 'cannot reach apiserver at http://127.0.0.1:5801 (ECONNREFUSED)')
      api.written.push({ status: obj.status as TaskStatus, at: clock.now() })
      return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(100 + api.written.length) } }
    },
  }
  const events: TaskStatus[] = []
  const onWritten = (_task: Task, status: TaskStatus) => void events.push(status)
  const statuses = new StatusWriter({ client, store: state, clock, log: () => {}, onWritten, random: opts.random })
  const states = () => api.written.map((w) => w.status.state)
  return { api, state, clock, events, statuses, states }
}
