import { expect, test } from 'vitest'
import { ManualClock } from '../client/testing/manual-clock.js'
import { buildContainerSpec } from './container-spec.js'
import { followEngineEvents } from './engine-events.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { TEST_IMAGE } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

test('a broken stream reconnects with backoff capped at 5 s, logs once per outage, and resyncs once it is open', async () => {
  const clock = new ManualClock()
  const runtime = new HollowRuntime({ clock, images: [TEST_IMAGE] })
  const logs: string[] = []
  const tasks: string[] = []
  let resyncs = 0
  const abort = new AbortController()
  const done = followEngineEvents(
    {
      runtime,
      hostName: 'h1',
      clock,
      log: (level, msg) => logs.push(`${level} ${msg}`),
      onTask: (task) => tasks.push(task),
      resync: async () => {
        resyncs++
      },
      random: () => 0.5, // the middle of the jitter: the delays as the policy states them
    },
    abort.signal,
  )
  await flush()
  expect(resyncs).toBe(0) // the first stream needs no resync: the agent listed everything at start

  runtime.down = true // dockerd goes away: the open stream ends, reconnects fail
  await flush()
  const waits: number[] = []
  for (let attempt = 0; attempt < 7; attempt++) {
    const before = clock.now()
    // Advance in 100 ms steps until the next reconnect attempt has failed.
    const calls = logs.length
    while (logs.length === calls) {
      clock.advance(100)
      await flush()
    }
    waits.push(clock.now() - before)
  }
  expect(waits).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000])
  expect(logs.filter((l) => l.startsWith('warn'))).toEqual([
    'warn docker events stream broke; reconnecting (tasks keep their last status meanwhile)',
  ])
  expect(resyncs).toBe(0)

  runtime.down = false
  clock.advance(5_000)
  await flush()
  expect(resyncs).toBe(1)
  expect(logs.at(-1)).toBe('info docker engine answers again; resyncing every task')

  // The reopened stream delivers events again.
  const id = await runtime.create(buildContainerSpec(makeTask('web', { image: TEST_IMAGE }), {}, 'h1'))
  await runtime.start(id)
  expect(tasks).toEqual(['web@h1'])
  abort.abort()
  await done
})
