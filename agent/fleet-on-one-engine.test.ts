import { afterEach, expect, test } from 'vitest'
import type { TaskStatus } from '../apis/index.js'
import { HeliosClient } from '../client/index.js'
import { type RunningAgent, startAgent } from './agent.js'
import { buildContainerSpec } from './container-spec.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { LABEL, managedFilters } from './runtime/labels.js'
import { FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_IMAGE } from './testing/fixture.js'
import { MemoryState } from './testing/memory-state.js'
import { makeTask } from './testing/tasks.js'
import { waitFor } from './testing/wait-for.js'

// e2e simulates a fleet with several agents, differently named, on one Docker engine.
const agents: RunningAgent[] = []
let server: FakeApiServer | undefined
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()))
  await server?.close()
})

test("listing and event filters select one host's managed containers", () => {
  expect(managedFilters('h1')).toEqual(['helios.managed=true', 'helios.host=h1'])
  expect(managedFilters('h1', 'web@h1')).toEqual(['helios.managed=true', 'helios.host=h1', 'helios.task=web@h1'])
})

test("two agents on one engine never touch each other's containers, not even when reaping", async () => {
  server = new FakeApiServer()
  const url = await server.listen()
  const runtime = new HollowRuntime({ images: [TEST_IMAGE] })
  const spec = { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } }
  server.put('tasks', makeTask('web', spec, { host: 'h1' }))
  server.put('tasks', makeTask('web', spec, { host: 'h2' }))
  // Containers of h2 that h2 no longer wants (it is not running yet): h1 must not reap them.
  const orphan = makeTask('gone', { image: TEST_IMAGE }, { host: 'h2' })
  const orphanId = await runtime.create(buildContainerSpec(orphan, {}, 'h2'))
  await runtime.start(orphanId)
  const created = await runtime.create(
    buildContainerSpec(makeTask('old', { image: TEST_IMAGE }, { host: 'h2' }), {}, 'h2'),
  )
  const start = (hostName: string) =>
    startAgent({
      client: new HeliosClient(url),
      runtime,
      state: new MemoryState(),
      hostName,
      labels: {},
      portRange: { first: 20000, last: 20100 },
      agentVersion: '0.1.0',
      log: () => {},
      resyncMs: 100,
    })
  agents.push(await start('h1'))
  const statusOf = (name: string) => server?.get('tasks', name)?.status as TaskStatus | undefined
  await waitFor('web@h1 RUNNING', () => statusOf('web@h1')?.state === 'RUNNING')
  await new Promise((resolve) => setTimeout(resolve, 300)) // a few resyncs of h1
  const byTask = (task: string) => runtime.all().filter((c) => c.labels[LABEL.task] === task)
  expect(byTask('gone@h2')).toMatchObject([{ id: orphanId, state: 'running' }])
  expect(byTask('old@h2')).toMatchObject([{ id: created, state: 'created' }])
  expect(statusOf('web@h2')).toBeUndefined()
  const touched = runtime.calls.filter((call) => call.includes(orphanId) || call.includes(created))
  expect(touched).toEqual([`start ${orphanId}`])

  // h2 comes up: it reaps its own orphans and runs its task; h1's container is left as it was.
  const h1Container = byTask('web@h1')[0]
  agents.push(await start('h2'))
  await waitFor('web@h2 RUNNING', () => statusOf('web@h2')?.state === 'RUNNING')
  await waitFor('h2 reaped its orphans', () => byTask('gone@h2').length + byTask('old@h2').length === 0)
  expect(byTask('web@h1')).toEqual([h1Container])
  // One agent's container exiting is restarted by that agent alone.
  runtime.exit(h1Container?.id ?? '', 1)
  await waitFor('h1 restarted web@h1', () =>
    byTask('web@h1').some((c) => c.state === 'running' && c.id !== h1Container?.id),
  )
  expect(byTask('web@h1')).toHaveLength(1)
  expect(byTask('web@h2')).toMatchObject([{ state: 'running', labels: { [LABEL.host]: 'h2' } }])
})
