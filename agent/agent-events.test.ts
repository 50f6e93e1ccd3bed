import { afterEach, beforeEach, expect, test } from 'vitest'
import type { Event } from '../apis/index.js'
import { type RunningAgent, startAgent } from './agent.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_IMAGE, testAgentOptions } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

let server: FakeApiServer
let runtime: HollowRuntime
let agent: RunningAgent | undefined

const events = () => [...(server.objects.get('events')?.values() ?? [])] as unknown as Event[]
const states = () => events().flatMap((e) => (e.reason === 'TaskState' ? [e.task?.state] : []))

beforeEach(async () => {
  server = new FakeApiServer()
  runtime = new HollowRuntime({ images: [TEST_IMAGE] })
  server.put('tasks', makeTask('web', { image: TEST_IMAGE }))
  agent = await startAgent(testAgentOptions(await server.listen(), { runtime }))
})
afterEach(async () => {
  await agent?.stop()
  await server.close()
})

test('every reported state becomes a TaskState Event; a container removed by hand a DriftCorrected one', async () => {
  await waitFor('RUNNING event', () => states().includes('RUNNING'))
  expect(states()).toEqual(['CREATING', 'STARTING', 'RUNNING'])
  const first = events()[0]
  expect(first).toMatchObject({ involvedObject: { kind: 'Task', name: 'web@h1' }, source: { host: 'h1' } })
  expect(first?.task).toMatchObject({ host: 'h1', job: 'web:v1', state: 'CREATING' })
  const id = runtime.all()[0]?.id ?? ''
  runtime.exit(id, 137)
  await runtime.remove(id)
  const drift = await waitFor('drift event', () => events().find((e) => e.reason === 'DriftCorrected'))
  expect(drift.message).toBe(`container ${id.slice(0, 7)} was removed outside Helios; recreating`)
  await waitFor('RUNNING again', () => states().filter((s) => s === 'RUNNING').length === 2)
  expect(states().slice(3)).toEqual(['CREATING', 'STARTING', 'RUNNING'])
})
