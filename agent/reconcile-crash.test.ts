import { beforeEach, describe, expect, test } from 'vitest'
import { buildContainerSpec } from './container-spec.js'
import { LABEL } from './runtime/labels.js'
import { RuntimeError } from './runtime/runtime-error.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const spec = { image: TEST_IMAGE, ports: { http: { internalPort: 80, externalPort: 8080 } } }
const ports = { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const } }

let world: World
beforeEach(() => {
  world = new World()
  world.api.put(makeTask('web', spec))
})

const containers = () => world.runtime.all()
const verbs = () => world.runtime.calls.map((call) => call.split(' ')[0])

describe('an agent killed in the middle of creating a container', () => {
  test('a created-only container with our name and labels is adopted and started, not duplicated', async () => {
    // The previous agent process got as far as `docker create`, then SIGKILL.
    const id = await world.runtime.create(buildContainerSpec(makeTask('web', spec), ports, 'h1'))
    world.runtime.calls.length = 0
    await startInstance(world).drive(NAME)
    expect(containers()).toMatchObject([{ id, state: 'running' }])
    expect(verbs()).toEqual(['start'])
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: id })
  })

  test('a create that collides on the name (409) adopts the container that is there', async () => {
    // The killed process's create lands after the new process listed the containers.
    world.runtime.beforeCreate = (s) => {
      world.runtime.beforeCreate = undefined
      void world.runtime.create(s)
    }
    await startInstance(world).drive(NAME)
    expect(containers()).toHaveLength(1)
    expect(containers()[0]?.state).toBe('running')
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: containers()[0]?.id })
    expect(world.api.states(NAME)).not.toContain('FAILED')
    expect(world.logs.map((l) => l.msg)).toContain('adopting a container created earlier')
  })

  test('a create whose answer is lost retries (no status change) and then adopts what it created', async () => {
    world.runtime.beforeCreate = (s) => {
      world.runtime.beforeCreate = undefined
      void world.runtime.create(s)
      throw new RuntimeError('Unavailable', 'docker engine at hollow:// is unreachable (ECONNRESET)')
    }
    const agent = startInstance(world)
    await expect(agent.drive(NAME)).rejects.toMatchObject({ reason: 'Unavailable' })
    expect(world.api.lastStatus(NAME)?.state).toBe('CREATING')
    await agent.drive(NAME)
    expect(containers()).toHaveLength(1)
    expect(containers()[0]?.state).toBe('running')
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', containerId: containers()[0]?.id })
  })

  test('a container of someone else under our name is left alone and reported', async () => {
    const theirs = buildContainerSpec(makeTask('web', spec), ports, 'h1')
    const id = await world.runtime.create({ ...theirs, Labels: { owner: 'someone' } })
    const agent = startInstance(world)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'FAILED',
      containerError: `container name "${theirs.name}" is taken by container ${id.slice(0, 12)}, which this agent does not manage; remove or rename it`,
    })
    expect(containers()).toMatchObject([{ id, state: 'created', labels: { owner: 'someone' } }])
  })
})

describe('agent settings', () => {
  test('an agent restarted with other --env/--dns/--bind/--add-host keeps running containers; new ones get them', async () => {
    await startInstance(world).drive(NAME)
    const [first] = containers()
    const calls = world.runtime.calls.length
    const containerSettings = { env: { ZONE: 'eu' }, dns: ['10.0.0.2'], binds: [], extraHosts: ['db:10.0.0.5'] }
    const agent = startInstance(world, { containerSettings })
    await agent.drive(NAME)
    expect(containers()).toEqual([first])
    expect(world.runtime.calls.length).toBe(calls)
    // Its next container (after an exit) is created with the new settings.
    world.clock.advance(120_000)
    world.runtime.exit(first?.id ?? '', 1)
    await agent.drive(NAME)
    world.clock.advance(1_000)
    await agent.drive(NAME)
    const [second] = containers()
    expect(second?.id).not.toBe(first?.id)
    expect(second?.labels[LABEL.specHash]).toBe(first?.labels[LABEL.specHash])
    expect(second?.labels[LABEL.agentSettings]).toMatch(/^[0-9a-f]{12}$/)
  })
})
