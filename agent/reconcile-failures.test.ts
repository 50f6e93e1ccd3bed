import { beforeEach, describe, expect, test } from 'vitest'
import { RuntimeError } from './runtime/runtime-error.js'
import { startInstance, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

let world: World
beforeEach(() => {
  world = new World()
})

describe('failures', () => {
  test('an image that cannot be pulled: FAILED, IMAGE_MISSING, retried after 2 min without pulling meanwhile', async () => {
    world.api.put(makeTask('nope', { image: 'helios-test/nope:1' }))
    const agent = startInstance(world)
    expect(await agent.drive('nope@h1')).toEqual({ requeueAfterMs: 120_000 })
    expect(world.api.states('nope@h1')).toEqual(['PULLING_IMAGE', 'FAILED'])
    expect(world.api.lastStatus('nope@h1')).toMatchObject({
      state: 'FAILED',
      throttled: 'IMAGE_MISSING',
      containerError:
        'image "helios-test/nope:1" is not present and could not be pulled: pull access denied for helios-test/nope:1, repository does not exist',
    })
    world.clock.advance(60_000)
    expect(await agent.drive('nope@h1')).toEqual({ requeueAfterMs: 60_000 })
    expect(world.runtime.calls.filter((c) => c.startsWith('pull'))).toHaveLength(1)
    world.runtime.pullable.add('helios-test/nope:1')
    world.clock.advance(60_000)
    await agent.drive('nope@h1')
    expect(world.api.lastStatus('nope@h1')).toMatchObject({
      state: 'RUNNING',
      throttled: 'NO',
      containerError: undefined,
    })
  })

  test('a pull that times out is IMAGE_PULL_FAILED, retried after 30 s', async () => {
    world.api.put(makeTask('slow', { image: 'registry.example/slow:1' }))
    world.runtime.pullError = new RuntimeError('PullFailed', 'pulling registry.example/slow:1 timed out after 600 s')
    expect(await startInstance(world).drive('slow@h1')).toEqual({ requeueAfterMs: 30_000 })
    expect(world.api.lastStatus('slow@h1')).toMatchObject({ state: 'FAILED', throttled: 'IMAGE_PULL_FAILED' })
  })

  test('a static port held by another task fails the later task and leaves the first one running', async () => {
    const ports = { http: { internalPort: 80, externalPort: 8080 } }
    world.api.put(makeTask('a', { image: 'helios-test/busybox', ports }))
    world.api.put(makeTask('b', { image: 'helios-test/busybox', ports }))
    const agent = startInstance(world)
    await agent.drive('a@h1')
    const [first] = world.runtime.all()
    expect(await agent.drive('b@h1')).toEqual({ requeueAfterMs: 10_000 })
    expect(world.api.lastStatus('b@h1')).toMatchObject({
      state: 'FAILED',
      containerError: 'port 8080/tcp is already used by task "a@h1"',
    })
    expect(world.runtime.all()).toEqual([first])
    expect(world.api.lastStatus('a@h1')).toMatchObject({ state: 'RUNNING', containerId: first?.id })
    // Once the first task is undeployed, the second one gets the port.
    world.api.delete('a@h1')
    await agent.drive('a@h1')
    await agent.drive('b@h1')
    expect(world.api.lastStatus('b@h1')).toMatchObject({ state: 'RUNNING' })
    expect(world.api.lastStatus('b@h1')?.ports.http?.externalPort).toBe(8080)
  })

  test('a dynamic port found busy outside helios moves to another port', async () => {
    world.runtime.busyHostPorts.add('20000/tcp')
    world.api.put(makeTask('dyn', { image: 'helios-test/busybox', ports: { http: { internalPort: 80 } } }))
    const agent = startInstance(world)
    expect(await agent.drive('dyn@h1')).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus('dyn@h1')).toMatchObject({ state: 'FAILED' })
    expect(world.api.lastStatus('dyn@h1')?.containerError).toBe(
      'host port 20000/tcp is already in use on this host; another port is picked',
    )
    expect(world.runtime.all()).toEqual([])
    world.clock.advance(1_000)
    await agent.drive('dyn@h1')
    expect(world.api.lastStatus('dyn@h1')).toMatchObject({ state: 'RUNNING' })
    expect(world.api.lastStatus('dyn@h1')?.ports.http?.externalPort).toBe(20001)
  })

  test('a static port held outside helios: FAILED naming the port, retried with backoff; other tasks run on', async () => {
    world.runtime.busyHostPorts.add('8080/tcp')
    world.api.put(makeTask('other', { image: 'helios-test/busybox' }))
    world.api.put(
      makeTask('web', { image: 'helios-test/busybox', ports: { http: { internalPort: 80, externalPort: 8080 } } }),
    )
    const agent = startInstance(world)
    await agent.drive('other@h1')
    expect(await agent.drive('web@h1')).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus('web@h1')).toMatchObject({
      state: 'FAILED',
      containerError: 'host port 8080/tcp is already in use on this host',
    })
    world.clock.advance(1_000)
    expect(await agent.drive('web@h1')).toEqual({ requeueAfterMs: 2_000 })
    expect(world.api.lastStatus('other@h1')).toMatchObject({ state: 'RUNNING' })
    world.runtime.busyHostPorts.delete('8080/tcp')
    world.clock.advance(2_000)
    await agent.drive('web@h1')
    expect(world.api.lastStatus('web@h1')).toMatchObject({ state: 'RUNNING', containerError: undefined })
    expect(world.api.lastStatus('web@h1')?.ports.http?.externalPort).toBe(8080)
  })

  test('an unreachable engine throws (the loop retries) and writes nothing', async () => {
    world.api.put(makeTask('web', { image: 'helios-test/busybox' }))
    world.runtime.down = true
    await expect(startInstance(world).drive('web@h1')).rejects.toMatchObject({ reason: 'Unavailable' })
    expect(world.api.writes).toEqual([])
  })

  test('with the apiserver away, statuses queue in pending-status.json and flush when it answers', async () => {
    world.api.put(makeTask('web', { image: 'helios-test/busybox' }))
    world.api.down = true
    const agent = startInstance(world)
    await agent.drive('web@h1')
    expect(world.runtime.all()[0]?.state).toBe('running')
    expect(world.state.pending['web@h1']?.status?.state).toBe('RUNNING')
    // A restart in between keeps the queue (it is on disk).
    const restarted = startInstance(world)
    world.api.down = false
    await restarted.statuses.flush('web@h1')
    expect(world.api.states('web@h1')).toEqual(['RUNNING'])
    expect(world.state.pending).toEqual({})
  })
})
