import { beforeEach, describe, expect, test } from 'vitest'
import { LABEL } from './runtime/labels.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const webSpec = {
  image: TEST_IMAGE,
  env: { GREETING: 'hi' },
  ports: { http: { internalPort: 80, externalPort: 8080 }, admin: { internalPort: 9000 } },
}

let world: World
beforeEach(() => {
  world = new World()
  world.api.put(makeTask('web', webSpec))
})

const running = () => world.runtime.all().filter((c) => c.state === 'running')

describe('goal START', () => {
  test('a first deploy pulls, creates and starts, reporting each state with the bound ports', async () => {
    world.runtime.images.clear()
    world.runtime.pullable.add(TEST_IMAGE)
    const result = await startInstance(world).drive(NAME)
    expect(result).toEqual({})
    expect(world.api.states(NAME)).toEqual(['PULLING_IMAGE', 'CREATING', 'STARTING', 'RUNNING'])
    const [c] = world.runtime.all()
    const status = world.api.lastStatus(NAME)
    expect(status).toMatchObject({ state: 'RUNNING', goal: 'START', containerId: c?.id, throttled: 'NO' })
    expect(status?.ports).toEqual({
      http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' },
      admin: { internalPort: 9000, externalPort: 20000, protocol: 'tcp' },
    })
    expect(c?.name).toMatch(/^helios-web_h1-[0-9a-f]{7}$/)
    expect(c?.labels).toMatchObject({ [LABEL.managed]: 'true', [LABEL.host]: 'h1', [LABEL.task]: NAME })
    expect(world.runtime.calls.map((call) => call.split(' ')[0])).toEqual(['pull', 'create', 'start'])
    expect(world.state.ports[NAME]?.admin?.externalPort).toBe(20000)
  })

  test('a restarted agent adopts the running container: same id, no new calls, no status write', async () => {
    await startInstance(world).drive(NAME)
    const id = running()[0]?.id
    const calls = world.runtime.calls.length
    const writes = world.api.writes.length
    await startInstance(world).drive(NAME)
    expect(running().map((c) => c.id)).toEqual([id])
    expect(world.runtime.calls.length).toBe(calls)
    expect(world.api.writes.length).toBe(writes)
  })

  test('a Task deleted and re-created unseen gets its status written again; the container is kept', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const id = running()[0]?.id
    const calls = world.runtime.calls.length
    world.api.recreate(makeTask('web', webSpec))
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: id })
    expect(world.runtime.calls.length).toBe(calls)
    const writes = world.api.writes.length
    await agent.drive(NAME)
    expect(world.api.writes.length).toBe(writes)
  })

  test('an exited container is reported EXITED, then replaced after the 1 s restart delay on the same ports', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const first = running()[0]?.id ?? ''
    world.clock.advance(5_000)
    world.runtime.exit(first, 3)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'EXITED', exitCode: 3, containerId: first })
    world.clock.advance(1_000)
    await agent.drive(NAME)
    const [second] = world.runtime.all()
    expect(world.runtime.all()).toHaveLength(1)
    expect(second?.id).not.toBe(first)
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: second?.id, exitCode: undefined })
    expect(world.api.lastStatus(NAME)?.ports.admin?.externalPort).toBe(20000)
  })

  test('10 exits within 60 s of run time throttle FLAPPING (30 s), which clears once it stays up', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    let result = {}
    for (let exit = 1; exit <= 10; exit++) {
      world.clock.advance(2_000)
      world.runtime.exit(running()[0]?.id ?? '', 1)
      result = await agent.drive(NAME)
      if (exit < 10) {
        expect(result).toEqual({ requeueAfterMs: 1_000 })
        world.clock.advance(1_000)
        await agent.drive(NAME)
      }
    }
    expect(result).toEqual({ requeueAfterMs: 30_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'EXITED', throttled: 'FLAPPING' })
    world.clock.advance(29_000)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    world.clock.advance(1_000)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 40_000 }) // 20 s of past runs count
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', throttled: 'FLAPPING' })
    world.clock.advance(40_000)
    expect(await agent.drive(NAME)).toEqual({})
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', throttled: 'NO' })
  })

  test('a changed job replaces the stale container (stop, remove, create)', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const old = running()[0]?.id ?? ''
    world.api.put(makeTask('web', { ...webSpec, env: { GREETING: 'hello' } }, { job: 'web:v2' }))
    await agent.drive(NAME)
    expect(world.runtime.calls).toContain(`stop ${old} 120`)
    expect(world.runtime.all().map((c) => c.id)).not.toContain(old)
    expect(running()).toHaveLength(1)
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', jobId: expect.stringMatching(/^web:v2:/) })
    expect(world.api.states(NAME).slice(-4)).toEqual(['STOPPING', 'CREATING', 'STARTING', 'RUNNING'])
  })

  test('a health check holds the task in HEALTHCHECKING, backing off, until it passes', async () => {
    world.api.put(makeTask('web', { ...webSpec, healthCheck: { type: 'exec', command: ['/bin/true'] } }))
    let healthy = false
    world.runtime.onExec = () => (healthy ? 0 : 1)
    const agent = startInstance(world)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 2_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'HEALTHCHECKING',
      containerError: 'exec check "/bin/true" exited 1',
    })
    healthy = true
    expect(await agent.drive(NAME)).toEqual({})
    expect(world.api.states(NAME)).toEqual(['CREATING', 'STARTING', 'HEALTHCHECKING', 'HEALTHCHECKING', 'RUNNING'])
    world.runtime.onExec = () => 1
    await startInstance(world).drive(NAME) // adopted after a restart: no new check
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
  })

  test('a failing check says which check and why at once, and an agent restart does not churn that status', async () => {
    world.api.put(makeTask('web', { ...webSpec, healthCheck: { type: 'exec', command: ['cat', '/ready'] } }))
    world.runtime.onExec = () => 1
    expect(await startInstance(world).drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'HEALTHCHECKING',
      containerError: 'exec check "cat /ready" exited 1',
    })
    const writes = world.api.writes.length
    expect(await startInstance(world).drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.writes.length).toBe(writes)
  })
})
