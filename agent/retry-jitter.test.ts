// A thousand agents that lost the apiserver together must not come back in lockstep: every retry loop is jittered.
import { describe, expect, test } from 'vitest'
import { ApiError, type Task } from '../apis/index.js'
import { Informer, type InformerClient } from '../client/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { EventRecorder } from './event-recorder.js'
import { runRegistrar } from './registrar.js'
import { StatusWriter } from './status-writer.js'
import { taskStateEvent } from './task-events.js'
import { MemoryState } from './testing/memory-state.js'
import { makeTask } from './testing/tasks.js'

const AGENTS = 1_000
const down = () => Promise.reject(new ApiError('Unavailable', 'cannot reach apiserver at http://127.0.0.1:5801'))
const turn = () => new Promise((resolve) => setImmediate(resolve))

/** Moves `clock` to `until` ms after its start in 10 ms steps, letting every loop run between steps. */
async function runUntil(clock: ManualClock, start: number, until: number): Promise<void> {
  while (clock.now() - start < until) {
    clock.advance(10)
    await turn()
  }
}

/** How the first retries of the fleet spread: their span, and the most that fell into one 10 ms bucket. */
function spread(retries: number[]): { span: number; crowd: number } {
  const buckets = new Map<number, number>()
  for (const at of retries) buckets.set(Math.floor(at / 10), (buckets.get(Math.floor(at / 10)) ?? 0) + 1)
  return { span: Math.max(...retries) - Math.min(...retries), crowd: Math.max(...buckets.values()) }
}

/** Each agent's second attempt (its first retry), ms after the start: the loops use Math.random, as in production. */
const firstRetries = (attempts: number[][], start: number) => attempts.map((a) => (a[1] ?? Number.NaN) - start)

describe(`${AGENTS} agents retrying after the same failure`, () => {
  test('heartbeats: the first retries spread over ±20% of 1 s instead of landing in the same 10 ms', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const abort = new AbortController()
    const attempts: number[][] = Array.from({ length: AGENTS }, () => [])
    const loops = attempts.map((mine, i) =>
      runRegistrar(
        {
          client: {
            get: () => {
              mine.push(clock.now())
              return down()
            },
            create: down,
            updateStatus: down,
          },
          runtime: { info: async () => ({ version: '27', apiVersion: '1.47' }) },
          hostName: `h${i}`,
          labels: {},
          agentVersion: '0',
          startedAt: new Date(start).toISOString(),
          clock,
          log: () => {},
          hostFacts: () => ({
            hostname: 'x',
            os: 'l',
            architecture: 'x64',
            cpus: 1,
            memoryTotalBytes: 1,
            memoryFreeBytes: 1,
            loadAvg: 0,
          }),
        },
        abort.signal,
      ),
    )
    await runUntil(clock, start, 1_300)
    abort.abort()
    await Promise.all(loops)
    const retries = firstRetries(attempts, start)
    expect(retries.every((ms) => ms >= 790 && ms <= 1_210)).toBe(true)
    const { span, crowd } = spread(retries)
    expect(span).toBeGreaterThan(300)
    expect(crowd).toBeLessThan(AGENTS / 20)
  })

  test('Task watches: relists after a failed list spread out', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const abort = new AbortController()
    const attempts: number[][] = Array.from({ length: AGENTS }, () => [])
    const loops = attempts.map((mine, i) => {
      const client = {
        list: () => {
          mine.push(clock.now())
          return down()
        },
        watch: () => down(),
      } as unknown as InformerClient
      return new Informer(client, 'Task', { fieldSelector: `spec.host=h${i}`, log: () => {}, clock }).run(abort.signal)
    })
    await runUntil(clock, start, 700)
    abort.abort()
    await Promise.all(loops)
    const retries = firstRetries(attempts, start)
    expect(retries.every((ms) => ms >= 390 && ms <= 610)).toBe(true)
    const { span, crowd } = spread(retries)
    expect(span).toBeGreaterThan(150)
    expect(crowd).toBeLessThan(AGENTS / 10)
  })

  test('status writes: a fleet restarted with statuses pending sends them spread out, then backs off while it fails', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const abort = new AbortController()
    const attempts: number[][] = Array.from({ length: AGENTS }, () => [])
    const loops = attempts.map((mine, i) => {
      const state = new MemoryState()
      const task = makeTask('web', { image: 'busybox' }, { host: `h${i}` })
      const status = {
        state: 'RUNNING' as const,
        throttled: 'NO' as const,
        ports: {},
        updatedAt: '2024-01-01T00:00:00Z',
      }
      state.pending = { [task.metadata.name]: { ...task, status } satisfies Task }
      const client = {
        updateStatus: () => {
          mine.push(clock.now())
          return down()
        },
      }
      return new StatusWriter({ client, store: state, clock, log: () => {} }).run(abort.signal)
    })
    await runUntil(clock, start, 20_000)
    abort.abort()
    await Promise.all(loops)
    const first = attempts.map((a) => (a[0] ?? Number.NaN) - start)
    expect(first.every((ms) => ms >= 790 && ms <= 1_210)).toBe(true)
    const { span, crowd } = spread(first)
    expect(span).toBeGreaterThan(300)
    expect(crowd).toBeLessThan(AGENTS / 20)
    // 1, 2, 4, 8 s (± 20%) apart: a failing apiserver is knocked on less and less often.
    const gaps = (attempts[0] ?? []).slice(1, 4).map((at, k) => at - (attempts[0]?.[k] ?? 0))
    expect(gaps).toHaveLength(3)
    gaps.forEach((gap, k) => {
      expect(gap).toBeGreaterThanOrEqual(0.8 * 2_000 * 2 ** k - 10)
      expect(gap).toBeLessThanOrEqual(1.2 * 2_000 * 2 ** k + 10)
    })
  })

  test('Events: a fleet restarted with Events queued sends them spread out', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const abort = new AbortController()
    const attempts: number[][] = Array.from({ length: AGENTS }, () => [])
    const loops = attempts.map((mine, i) => {
      const state = new MemoryState()
      const task = makeTask('web', { image: 'busybox' }, { host: `h${i}` })
      const status = {
        state: 'RUNNING' as const,
        throttled: 'NO' as const,
        ports: {},
        updatedAt: '2024-01-01T00:00:00Z',
      }
      state.pendingEvents = [taskStateEvent(task, status)]
      const client = {
        create: () => {
          mine.push(clock.now())
          return down()
        },
      }
      return new EventRecorder({ client, store: state, clock, log: () => {} }).run(abort.signal)
    })
    await runUntil(clock, start, 1_300)
    abort.abort()
    await Promise.all(loops)
    const first = attempts.map((a) => (a[0] ?? Number.NaN) - start)
    expect(first.every((ms) => ms >= 790 && ms <= 1_210)).toBe(true)
    const { span, crowd } = spread(first)
    expect(span).toBeGreaterThan(300)
    expect(crowd).toBeLessThan(AGENTS / 20)
  })
})
