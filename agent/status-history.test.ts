// Folded states stay in history: the one status written lists the states it replaced, with their times, at no extra write.
import { describe, expect, test } from 'vitest'
import { MAX_PASSED_THROUGH, type TaskState, TaskStatus, taskStateEvent } from '../apis/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { SETTLE_MS } from './status-coalescing.js'
import { MemoryState } from './testing/memory-state.js'
import { advance, fields, hold, settle, setup, task } from './testing/status-writer-fixture.js'

const T0 = Date.parse('2024-01-01T00:00:00Z')
const at = (ms: number) => new Date(T0 + ms).toISOString()

describe('folded states in history', () => {
  test('CREATING → STARTING → RUNNING within the window: one write carrying both folded states with their times', async () => {
    const { statuses, clock, api, events, state } = setup()
    await statuses.report(task, fields('CREATING'))
    clock.advance(20)
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    expect(state.pending['web@h1']?.status?.passedThrough, 'on disk at once').toEqual([
      { state: 'CREATING', at: at(0) },
    ])
    clock.advance(200)
    await statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS * 2)
    await settle()
    expect(api.attempts).toHaveLength(1)
    const written = api.written[0]?.status
    expect(written).toMatchObject({ state: 'RUNNING', updatedAt: at(220) })
    expect(written?.passedThrough).toEqual([
      { state: 'CREATING', at: at(0) },
      { state: 'STARTING', at: at(20), containerId: 'c1' },
    ])
    expect(TaskStatus.safeParse(written).success, 'the apiserver accepts it').toBe(true)
    expect(events).toHaveLength(1)
    expect(taskStateEvent(task, written as TaskStatus).task?.passedThrough).toEqual(written?.passedThrough)
  })

  test('a state that lasted and was written is not repeated; the list starts afresh after each accepted write', async () => {
    const { statuses, clock, api } = setup()
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS)
    await settle()
    await statuses.report(task, fields('HEALTHCHECKING', { containerId: 'c1' }))
    clock.advance(100)
    await statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    await statuses.report(task, fields('STOPPING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS)
    await settle()
    expect(api.written.map((w) => [w.status.state, w.status.passedThrough?.map((p) => p.state)])).toEqual([
      ['STARTING', undefined],
      ['RUNNING', ['HEALTHCHECKING']],
      ['STOPPING', undefined],
    ])
  })

  test('a status accepted while its successors were reported is dropped from their list, and what it listed too', async () => {
    const { statuses, clock, api } = setup()
    await statuses.report(task, fields('CREATING'))
    const release = hold(api)
    void statuses.report(task, fields('RUNNING', { containerId: 'c1' })) // in flight, listing CREATING
    await settle()
    clock.advance(10)
    void statuses.report(task, fields('STOPPING', { containerId: 'c1' }))
    clock.advance(10)
    void statuses.report(task, fields('STOPPED', { containerId: 'c1' }))
    release()
    await settle()
    expect(api.written.map((w) => [w.status.state, w.status.passedThrough?.map((p) => p.state)])).toEqual([
      ['RUNNING', ['CREATING']],
      ['STOPPED', ['STOPPING']],
    ])
  })

  test('capped at the newest MAX_PASSED_THROUGH states', async () => {
    const { statuses, clock, api } = setup()
    api.down = true
    const cycle: TaskState[] = ['CREATING', 'STARTING', 'RUNNING', 'EXITED']
    for (let n = 0; n < 3 * cycle.length; n++) {
      clock.advance(1)
      await statuses.report(task, fields(cycle[n % cycle.length] as TaskState, { containerId: `c${n}` }))
    }
    api.down = false
    await statuses.report(task, fields('RUNNING', { containerId: 'last' }))
    const list = api.written.at(-1)?.status.passedThrough ?? []
    expect(list).toHaveLength(MAX_PASSED_THROUGH)
    expect(list.at(-1)).toEqual({ state: 'EXITED', at: at(12), containerId: 'c11' })
    expect(list[0]?.at).toBe(at(12 - MAX_PASSED_THROUGH + 1))
  })

  test('kept in pending-status.json across an agent restart and carried by the write retried after the outage', async () => {
    const state = new MemoryState()
    const clock = new ManualClock()
    const first = setup({ state, clock })
    first.api.down = true
    await first.statuses.report(task, fields('CREATING'))
    clock.advance(30)
    await first.statuses.report(task, fields('STARTING', { containerId: 'c1', throttled: 'FLAPPING' }))
    clock.advance(30)
    await first.statuses.report(task, fields('RUNNING', { containerId: 'c1', throttled: 'FLAPPING' }))
    const folded = [
      { state: 'CREATING', at: at(0) },
      { state: 'STARTING', at: at(30), containerId: 'c1', throttled: 'FLAPPING' },
    ]
    expect(state.pending['web@h1']?.status?.passedThrough).toEqual(folded)
    // Restarted while the apiserver is away; a later status folds the pending RUNNING in too.
    const second = setup({ state, clock })
    second.api.down = true
    clock.advance(30)
    await second.statuses.report(task, fields('EXITED', { containerId: 'c1', throttled: 'FLAPPING', exitCode: 1 }))
    const stop = new AbortController()
    const retrying = second.statuses.run(stop.signal)
    second.api.down = false
    await advance(clock, 15)
    stop.abort()
    await retrying
    expect(second.api.written).toHaveLength(1)
    expect(second.api.written[0]?.status.passedThrough).toEqual([
      ...folded,
      { state: 'RUNNING', at: at(60), containerId: 'c1', throttled: 'FLAPPING' },
    ])
    expect(state.pending).toEqual({})
  })

  test('a wall clock stepped back between two folded states: the status is dated no earlier, so it is accepted', async () => {
    class SteppedClock extends ManualClock {
      offset = 0
      override now(): number {
        return super.now() + this.offset
      }
    }
    const clock = new SteppedClock()
    const { statuses, api } = setup({ clock })
    await statuses.report(task, fields('CREATING'))
    clock.offset = -60_000
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS * 2)
    await settle()
    const written = api.written[0]?.status
    expect(written).toMatchObject({
      state: 'STARTING',
      updatedAt: at(0),
      passedThrough: [{ state: 'CREATING', at: at(0) }],
    })
    expect(TaskStatus.safeParse(written).success, 'the apiserver accepts it').toBe(true)
  })
})
