import { beforeEach, describe, expect, test } from 'vitest'
import { RegistrationSync } from './discovery/registration-sync.js'
import type { TaskDiscovery } from './discovery/task-registrations.js'
import { startInstance, World } from './testing/fixture.js'
import { recordingRegistrar } from './testing/recording-registrar.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const spec = {
  image: 'helios-test/busybox',
  ports: { http: { internalPort: 80 } },
  registration: { web: { ports: { http: {} } } },
  gracePeriod: 5,
}

let world: World
let registrar: ReturnType<typeof recordingRegistrar>
let discovery: TaskDiscovery
/** The registrar's calls and the engine's, in the order they happened. */
let timeline: string[]
beforeEach(() => {
  world = new World()
  timeline = world.runtime.calls
  registrar = recordingRegistrar(new Map(), timeline)
  discovery = { sync: new RegistrationSync({ registrar, clock: world.clock, log: world.log }), domain: 'example.net' }
  world.api.put(makeTask('web', spec))
})

const registrarCalls = () => timeline.filter((c) => /^(de)?register /.test(c))
const since = (mark: number) => timeline.slice(mark).map((c) => c.replace(/[0-9a-f]{12,}/, '<id>'))

describe('registration with the registrar plugin', () => {
  test('registered once RUNNING, after its health check passes; not while health-checking', async () => {
    let healthy = false
    const probe = async () => (healthy ? { ok: true as const } : { ok: false as const, reason: 'refused' })
    world.api.put(makeTask('web', { ...spec, healthCheck: { type: 'tcp', port: 'http' } }))
    const agent = startInstance(world, { discovery, probe })
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)?.state).toBe('HEALTHCHECKING')
    expect(registrarCalls()).toEqual([])
    healthy = true
    await agent.drive(NAME)
    await agent.drive(NAME) // a resync: nothing changed, no call
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
    expect(registrarCalls()).toEqual([`register ${NAME} web/http:20000`])
  })

  test('goal STOP: deregistered, then the grace period, then the container stops', async () => {
    const agent = startInstance(world, { discovery })
    await agent.drive(NAME)
    const mark = timeline.length
    world.api.put(makeTask('web', spec, { goal: 'STOP' }))
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 5_000 })
    expect(since(mark)).toEqual([`deregister ${NAME}`])
    world.clock.advance(5_000)
    await agent.drive(NAME)
    expect(since(mark)).toEqual([`deregister ${NAME}`, 'stop <id> 120'])
  })

  test('undeploy: the same order; an exited container is withdrawn too', async () => {
    const agent = startInstance(world, { discovery })
    await agent.drive(NAME)
    const id = world.runtime.all()[0]?.id ?? ''
    world.runtime.exit(id, 1)
    await agent.drive(NAME)
    expect(world.api.states(NAME)).toContain('EXITED')
    expect(registrarCalls()).toEqual([`register ${NAME} web/http:20000`, `deregister ${NAME}`])
    world.clock.advance(1_000)
    await agent.drive(NAME)
    expect(registrarCalls().at(-1)).toBe(`register ${NAME} web/http:20000`)
    const mark = timeline.length
    world.api.delete(NAME)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 5_000 })
    world.clock.advance(5_000)
    await agent.drive(NAME)
    expect(since(mark)).toEqual([`deregister ${NAME}`, 'stop <id> 120', 'remove <id>'])
  })

  test('a registrar that fails never holds a container: it stops after the grace period all the same', async () => {
    const agent = startInstance(world, { discovery })
    await agent.drive(NAME)
    registrar.failures = 100
    world.api.put(makeTask('web', spec, { goal: 'STOP' }))
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 5_000 })
    world.clock.advance(5_000)
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)?.state).toBe('STOPPED')
    expect(world.logs.filter((l) => l.msg === 'registrar failed; retrying').length).toBeGreaterThan(0)
  })
})
