import { afterEach, beforeEach, expect, test } from 'vitest'
import type { Event } from '../apis/index.js'
import { ManualClock } from '../client/testing/manual-clock.js'
import { type RunningAgent, startAgent } from './agent.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { SETTLE_MS } from './status-coalescing.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_IMAGE, testAgentOptions } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

let server: FakeApiServer
let runtime: HollowRuntime
let clock: ManualClock
let agent: RunningAgent | undefined

const events = () => [...(server.objects.get('events')?.values() ?? [])] as unknown as Event[]
const states = () => events().flatMap((e) => (e.reason === 'TaskState' ? [e.task?.state] : []))
const statusWrites = () =>
  server.requests.filter((r) => /^PUT \/apis\/helios\/v1\/tasks\/[^/]+\/status$/.test(r)).length
const eventWrites = () => server.requests.filter((r) => r === 'POST /apis/helios/v1/events').length

beforeEach(async () => {
  server = new FakeApiServer()
  // The agent's time stands still unless the test moves it: no transient status can outlast the window by accident.
  clock = new ManualClock()
  runtime = new HollowRuntime({ images: [TEST_IMAGE] })
  server.put('tasks', makeTask('web', { image: TEST_IMAGE }))
  agent = await startAgent(testAgentOptions(await server.listen(), { runtime, clock }))
})
afterEach(async () => {
  await agent?.stop()
  await server.close()
})

/** Lets the agent's window pass on its clock, with real time for the HTTP round trips of anything it then writes. */
async function outlastWindow(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    clock.advance(SETTLE_MS)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test('a container that starts within the window: one status write and one TaskState Event (RUNNING), nothing transient later', async () => {
  await waitFor('RUNNING event', () => states().includes('RUNNING'))
  await outlastWindow()
  expect(states()).toEqual(['RUNNING'])
  expect(statusWrites()).toBe(1)
  // The Event rides in the status write (`?event=true`): no request of its own.
  expect(eventWrites()).toBe(0)
  expect(events()[0]).toMatchObject({ involvedObject: { kind: 'Task', name: 'web@h1' }, source: { host: 'h1' } })
  expect(events()[0]?.task).toMatchObject({ host: 'h1', job: 'web:v1', state: 'RUNNING' })
})

test('a container removed by hand: a DriftCorrected Event, then one RUNNING write for its replacement', async () => {
  await waitFor('RUNNING event', () => states().includes('RUNNING'))
  const id = runtime.all()[0]?.id ?? ''
  runtime.exit(id, 137)
  await runtime.remove(id)
  const drift = await waitFor('drift event', () => events().find((e) => e.reason === 'DriftCorrected'))
  expect(drift.message).toBe(`container ${id.slice(0, 7)} was removed outside Helios; recreating`)
  await waitFor('RUNNING again', () => states().filter((s) => s === 'RUNNING').length === 2)
  await outlastWindow()
  expect(states()).toEqual(['RUNNING', 'RUNNING'])
  expect(statusWrites()).toBe(2)
})
