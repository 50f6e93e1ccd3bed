// The status writer folds transient states: one write and one Event per state a user acts on, every state that lasts.
import { describe, expect, test } from 'vitest'
import { type AnyObject, ApiError, type LastExit, type TaskStatus } from '../apis/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { SETTLE_MS, writesAtOnce } from './status-coalescing.js'
import { type StatusFields, StatusWriter } from './status-writer.js'
import { MemoryState } from './testing/memory-state.js'
import { advance, fields, hold, settle, setup, task } from './testing/status-writer-fixture.js'

describe('status coalescing', () => {
  test('CREATING → STARTING → RUNNING within the window: one write (RUNNING) and one Event, nothing later', async () => {
    const { statuses, clock, api, events, state, states } = setup()
    await statuses.report(task, fields('CREATING'))
    // Recorded before anything is sent: a crash now still finds it in pending-status.json.
    expect(state.pending['web@h1']?.status?.state).toBe('CREATING')
    clock.advance(20)
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    clock.advance(200)
    await statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    await advance(clock, 4, SETTLE_MS)
    expect(states()).toEqual(['RUNNING'])
    expect(events.map((e) => e.state)).toEqual(['RUNNING'])
    expect(api.attempts).toHaveLength(1)
    expect(state.pending).toEqual({})
  })

  test('a transient state that lasts the window is written then, not before; its successor after it', async () => {
    const { statuses, clock, events, states } = setup()
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS - 1)
    await settle()
    expect(states()).toEqual([])
    clock.advance(1)
    await settle()
    expect(states()).toEqual(['STARTING'])
    await statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    expect(states()).toEqual(['STARTING', 'RUNNING'])
    expect(events.map((e) => e.state)).toEqual(['STARTING', 'RUNNING'])
  })

  test('a pull of two minutes shows PULLING_IMAGE within the window, then RUNNING', async () => {
    const { statuses, clock, events, states } = setup()
    await statuses.report(task, fields('PULLING_IMAGE'))
    for (let s = 0; s < 120; s++) {
      clock.advance(1_000)
      await settle()
      if (s === 0) expect(states()).toEqual(['PULLING_IMAGE'])
    }
    await statuses.report(task, fields('CREATING'))
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    await statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    clock.advance(SETTLE_MS * 2)
    await settle()
    expect(states()).toEqual(['PULLING_IMAGE', 'RUNNING'])
    expect(events.map((e) => e.state)).toEqual(['PULLING_IMAGE', 'RUNNING'])
  })

  test('an exit inside the window is written at once with its exit code and lastExit', async () => {
    const { statuses, clock, states, api } = setup()
    await statuses.report(task, fields('CREATING'))
    await statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    await statuses.report(task, fields('HEALTHCHECKING', { containerId: 'c1' }))
    clock.advance(30)
    const exit: LastExit = {
      at: new Date(clock.now()).toISOString(),
      exitCode: 3,
      containerId: 'c1',
      logTail: ['boom'],
    }
    await statuses.report(task, fields('EXITED', { containerId: 'c1', exitCode: 3, lastExit: exit, restartCount: 1 }))
    expect(states()).toEqual(['EXITED'])
    expect(api.written[0]?.status).toMatchObject({ exitCode: 3, restartCount: 1, lastExit: { exitCode: 3 } })
    expect(api.written[0]?.at, 'written when it happened, not a window later').toBe(clock.now())
  })

  test('statuses reported while a write is in flight fold into one, and the exit record survives the fold', async () => {
    const { statuses, clock, api, events, states } = setup()
    const release = hold(api)
    void statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    await settle()
    const exit: LastExit = { at: new Date(clock.now()).toISOString(), exitCode: 137, containerId: 'c1', logTail: [] }
    const exited = fields('EXITED', { containerId: 'c1', exitCode: 137, lastExit: exit, restartCount: 1 })
    void statuses.report(task, exited)
    clock.advance(1_000)
    // The restart carries the exit record along (task-context.ts): it is the status that reaches the apiserver.
    const carried = { lastExit: exit, restartCount: 1 }
    void statuses.report(task, fields('CREATING', carried))
    void statuses.report(task, fields('STARTING', { containerId: 'c2', ...carried }))
    void statuses.report(task, fields('RUNNING', { containerId: 'c2', ...carried }))
    release()
    await settle()
    clock.advance(SETTLE_MS * 2)
    await settle()
    expect(states()).toEqual(['RUNNING', 'RUNNING'])
    expect(api.written[1]?.status).toMatchObject({ containerId: 'c2', restartCount: 1, lastExit: { exitCode: 137 } })
    expect(events.map((e) => e.containerId)).toEqual(['c1', 'c2'])
  })

  test('a transient status reported behind a queued write waits out its own window', async () => {
    const { statuses, clock, api, states } = setup()
    const release = hold(api)
    void statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    await settle()
    void statuses.report(task, { ...fields('STOPPED', { containerId: 'c1' }), goal: 'STOP' })
    void statuses.report(task, fields('CREATING'))
    release()
    await settle()
    expect(states()).toEqual(['RUNNING'])
    clock.advance(SETTLE_MS)
    await settle()
    expect(states()).toEqual(['RUNNING', 'CREATING'])
  })

  test('an outage keeps the latest status on disk, sends no Event for it, and a restarted agent writes it once', async () => {
    const state = new MemoryState()
    const clock = new ManualClock()
    const first = setup({ state, clock })
    first.api.down = true
    await first.statuses.report(task, fields('CREATING'))
    await first.statuses.report(task, fields('STARTING', { containerId: 'c1' }))
    await first.statuses.report(task, fields('RUNNING', { containerId: 'c1' }))
    expect(state.pending['web@h1']?.status?.state).toBe('RUNNING')
    expect(first.events).toEqual([])
    expect(first.api.attempts).toHaveLength(1)
    // The agent restarts while the apiserver is still away, then it comes back.
    const second = setup({ state, clock })
    const stop = new AbortController()
    const running = second.statuses.run(stop.signal)
    second.api.down = true
    await advance(clock, 30)
    expect(second.api.attempts.length).toBeGreaterThan(1)
    second.api.down = false
    await advance(clock, 15)
    stop.abort()
    await running
    expect(second.states()).toEqual(['RUNNING'])
    expect(second.events.map((e) => e.state)).toEqual(['RUNNING'])
    expect(state.pending).toEqual({})
  })

  test('races in rounds: random states, gaps, reply times and outages never write a short transient state, never send an Event without its write, and end on the latest status', async () => {
    let seed = 15
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const STATES = ['PULLING_IMAGE', 'CREATING', 'STARTING', 'HEALTHCHECKING', 'RUNNING', 'STOPPING', 'EXITED'] as const
    for (let round = 0; round < 60; round++) {
      const clock = new ManualClock()
      const state = new MemoryState()
      const sent: Array<{ status: TaskStatus; at: number }> = []
      const accepted: TaskStatus[] = []
      let down = false
      const client = {
        updateStatus: async (_kind: 'Task', obj: AnyObject) => {
          sent.push({ status: obj.status as TaskStatus, at: clock.now() })
          const failing = down
          await clock.sleep(Math.floor(random() * 800))
          if (failing) throw new ApiError('Unavailable', 'connection reset')
          accepted.push(obj.status as TaskStatus)
          return obj
        },
      }
      const events: TaskStatus[] = []
      const statuses = new StatusWriter({
        client,
        store: state,
        clock,
        log: () => {},
        onWritten: (_t, status) => void events.push(status),
        random,
      })
      const stop = new AbortController()
      const retrying = statuses.run(stop.signal)
      let last: StatusFields = fields('CREATING')
      for (let step = 0; step < 12; step++) {
        down = random() < 0.2
        last = fields(pick(STATES), { containerId: `c${step}` })
        void statuses.report(task, last)
        const gap = Math.floor(random() * 2 * SETTLE_MS)
        for (let t = 0; t < gap; t += 10) {
          clock.advance(10)
          await settle()
        }
      }
      down = false
      for (let t = 0; t < 40_000; t += 100) {
        clock.advance(100)
        await settle()
      }
      stop.abort()
      await retrying
      const label = `round ${round}`
      expect(accepted.at(-1)?.containerId, label).toBe(last.containerId)
      expect(events, label).toEqual(accepted)
      for (const { status, at } of sent)
        if (!writesAtOnce(status, undefined))
          expect(at - Date.parse(status.updatedAt), `${label}: ${status.state}`).toBeGreaterThanOrEqual(SETTLE_MS)
      expect(state.pending, label).toEqual({})
      // History: every state shows once at the most (written, or listed by the status that replaced it), in order.
      const shownStates = accepted.flatMap((s) => [...(s.passedThrough ?? []), { ...s, at: s.updatedAt }])
      const ids = shownStates.map((s) => s.containerId)
      expect(new Set(ids).size, `${label}: ${ids.join(' ')}`).toBe(ids.length)
      expect(ids, label).toEqual([...ids].sort((x = '', y = '') => Number(x.slice(1)) - Number(y.slice(1))))
    }
  })

  test('what is written at once: actionable states, a new throttle, a new exit record; not the transient ones', () => {
    const shown: TaskStatus = { ...fields('RUNNING'), updatedAt: '2024-01-01T00:00:00Z' }
    for (const state of ['RUNNING', 'EXITED', 'STOPPED', 'FAILED', 'SUCCEEDED'] as const)
      expect(writesAtOnce(fields(state), shown), state).toBe(true)
    for (const state of ['PULLING_IMAGE', 'CREATING', 'STARTING', 'HEALTHCHECKING', 'STOPPING'] as const) {
      expect(writesAtOnce(fields(state), shown), state).toBe(false)
      expect(writesAtOnce(fields(state), undefined), state).toBe(false)
      expect(writesAtOnce(fields(state, { throttled: 'FLAPPING' }), shown), state).toBe(true)
      expect(writesAtOnce(fields(state, { throttled: 'FLAPPING' }), { ...shown, throttled: 'FLAPPING' })).toBe(false)
    }
    const exit: LastExit = { at: '2024-01-01T00:00:01Z', exitCode: 1, logTail: [] }
    expect(writesAtOnce(fields('CREATING', { lastExit: exit, restartCount: 1 }), shown)).toBe(true)
    const shownExit = { ...shown, lastExit: exit, restartCount: 1 }
    expect(writesAtOnce(fields('CREATING', { lastExit: exit, restartCount: 1 }), shownExit)).toBe(false)
    expect(writesAtOnce(fields('CREATING', { lastExit: exit, restartCount: 2 }), shownExit)).toBe(true)
    // A new Job version carries no exit record: dropping the old one is no news.
    expect(writesAtOnce(fields('CREATING'), shownExit)).toBe(false)
  })
})
