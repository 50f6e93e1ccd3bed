import { afterEach, beforeEach, expect, test } from 'vitest'
import type { Host, TaskStatus } from '../apis/index.js'
import { type RunningAgent, startAgent } from './agent.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_IMAGE, testAgentOptions } from './testing/fixture.js'
import { MemoryState } from './testing/memory-state.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

let server: FakeApiServer
let runtime: HollowRuntime
let state: MemoryState
let agent: RunningAgent | undefined

const statusOf = (name: string) => server.get('tasks', name)?.status as TaskStatus | undefined
const runningIds = () =>
  runtime
    .all()
    .filter((c) => c.state === 'running')
    .map((c) => c.id)

beforeEach(async () => {
  server = new FakeApiServer()
  runtime = new HollowRuntime({ images: [TEST_IMAGE] })
  state = new MemoryState()
  server.put('tasks', makeTask('web', { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } }))
  server.put('tasks', makeTask('web', { image: TEST_IMAGE }, { host: 'h2' }))
  agent = await startAgent(testAgentOptions(await server.listen(), { runtime, state, labels: { role: 'web' } }))
})
afterEach(async () => {
  await agent?.stop()
  await server.close()
})

test('the agent converges this host through list + watch and Docker events, and stopping it leaves containers running', async () => {
  await waitFor('RUNNING', () => statusOf('web@h1')?.state === 'RUNNING')
  expect(statusOf('web@h2')).toBeUndefined()
  expect(runtime.all()).toHaveLength(1)
  expect(state.tasks?.map((t) => t.metadata.name)).toEqual(['web@h1'])
  await waitFor('heartbeat', () => server.get('hosts', 'h1')?.status)
  expect((server.get('hosts', 'h1') as Host | undefined)?.status?.labels).toEqual({ role: 'web' })

  const first = runningIds()[0] ?? ''
  runtime.exit(first, 2)
  await waitFor('EXITED', () => statusOf('web@h1')?.state === 'EXITED')
  const second = await waitFor('a restarted container', () => runningIds().find((id) => id !== first))
  await waitFor(
    'RUNNING again',
    () => statusOf('web@h1')?.containerId === second && statusOf('web@h1')?.state === 'RUNNING',
  )

  server.put('tasks', makeTask('api', { image: TEST_IMAGE }))
  await waitFor('a second task', () => statusOf('api@h1')?.state === 'RUNNING')
  server.remove('tasks', 'web@h1')
  await waitFor('undeployed', () => runtime.all().length === 1)
  expect(state.ports['web@h1']).toBeUndefined()

  await agent?.stop()
  agent = undefined
  expect(runtime.all()).toMatchObject([{ state: 'running', labels: { 'helios.task': 'api@h1' } }])
})
