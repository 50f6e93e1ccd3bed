import { beforeEach, expect, test } from 'vitest'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const spec = { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } }

let world: World
beforeEach(() => {
  world = new World()
})

test('a new restartedAt replaces the container (stop, remove, create) and every status echoes it', async () => {
  world.api.put(makeTask('web', spec))
  const agent = startInstance(world)
  await agent.drive(NAME)
  const [first] = world.runtime.all()
  expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', restartedAt: undefined })
  const at = '2026-11-22T05:00:00Z'
  world.api.put(makeTask('web', spec, { restartedAt: at }))
  const writes = world.api.writes.length
  await agent.drive(NAME)
  expect(world.runtime.calls).toContain(`stop ${first?.id} 120`)
  expect(world.runtime.calls).toContain(`remove ${first?.id}`)
  const [second] = world.runtime.all()
  expect(world.runtime.all()).toHaveLength(1)
  expect(second).toMatchObject({ state: 'running' })
  expect(second?.id).not.toBe(first?.id)
  const statuses = world.api.writes.slice(writes).map((w) => w.status)
  expect(statuses.map((s) => s.state)).toEqual(['STOPPING', 'CREATING', 'STARTING', 'RUNNING'])
  expect(statuses.every((s) => s.restartedAt === at)).toBe(true)
  expect(world.api.lastStatus(NAME)?.ports.http?.externalPort).toBe(20000)
  // The same restartedAt again (an agent restart, a resync) replaces nothing.
  const calls = world.runtime.calls.length
  await startInstance(world).drive(NAME)
  expect(world.runtime.calls.length).toBe(calls)
})
