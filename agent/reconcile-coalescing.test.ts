// Whole reconciles under the agent's status window (SETTLE_MS): what a Task's writes look like from placement to RUNNING.
import { beforeEach, describe, expect, test } from 'vitest'
import { SETTLE_MS } from './status-coalescing.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
let world: World
beforeEach(() => {
  world = new World()
})

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

/** Moves the agent's clock past its window, so any transient status left pending would now be written. */
async function outlastWindow(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    world.clock.advance(SETTLE_MS)
    await settle()
  }
}

describe('status writes under the window', () => {
  test('a first deploy (pull, create, start) is one write, RUNNING, with its ports', async () => {
    world.api.put(makeTask('web', { image: TEST_IMAGE, ports: { http: { internalPort: 80 } } }))
    world.runtime.images.clear()
    world.runtime.pullable.add(TEST_IMAGE)
    expect(await startInstance(world, { settleMs: SETTLE_MS }).drive(NAME)).toEqual({})
    await outlastWindow()
    expect(world.api.states(NAME)).toEqual(['RUNNING'])
    expect(world.api.lastStatus(NAME)?.ports.http?.externalPort).toBe(20000)
    expect(world.state.pending).toEqual({})
  })

  test('a slow pull shows PULLING_IMAGE, then RUNNING', async () => {
    world.api.put(makeTask('web', { image: TEST_IMAGE }))
    world.runtime.images.clear()
    world.runtime.pullable.add(TEST_IMAGE)
    const pull = world.runtime.pull.bind(world.runtime)
    world.runtime.pull = async (ref) => {
      await world.clock.sleep(90_000)
      return pull(ref)
    }
    const agent = startInstance(world, { settleMs: SETTLE_MS })
    await agent.reconciler.reconcile(`Task/${NAME}`, new AbortController().signal)
    for (let s = 0; s < 90; s++) {
      world.clock.advance(1_000)
      await settle()
      if (s === 0) expect(world.api.states(NAME)).toEqual(['PULLING_IMAGE'])
    }
    await agent.ops.idle()
    await agent.drive(NAME)
    await outlastWindow()
    expect(world.api.states(NAME)).toEqual(['PULLING_IMAGE', 'RUNNING'])
  })

  test('a container that dies during its health check, inside the window: EXITED with its code and lastExit at once', async () => {
    world.api.put(makeTask('web', { image: TEST_IMAGE, healthCheck: { type: 'exec', command: ['/bin/true'] } }))
    world.runtime.onExec = () => 1
    const agent = startInstance(world, { settleMs: SETTLE_MS })
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    const c = world.runtime.all()[0]
    if (!c) throw new Error('no container')
    world.runtime.print(c.id, 'listening… no, crashing')
    world.clock.advance(50)
    world.runtime.exit(c.id, 2)
    await agent.drive(NAME)
    expect(world.api.states(NAME)).toEqual(['EXITED'])
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'EXITED',
      containerId: c.id,
      exitCode: 2,
      restartCount: 1,
      lastExit: { exitCode: 2, containerId: c.id, logTail: ['listening… no, crashing'] },
    })
  })

  test('a container that exits right after RUNNING: RUNNING, EXITED with the exit, then RUNNING carrying it', async () => {
    world.api.put(makeTask('web', { image: TEST_IMAGE }))
    const agent = startInstance(world, { settleMs: SETTLE_MS })
    await agent.drive(NAME)
    const c = world.runtime.all()[0]
    if (!c) throw new Error('no container')
    world.clock.advance(10)
    world.runtime.exit(c.id, 137)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    world.clock.advance(1_000)
    await agent.drive(NAME)
    await outlastWindow()
    expect(world.api.states(NAME)).toEqual(['RUNNING', 'EXITED', 'RUNNING'])
    expect(world.api.lastStatus(NAME)).toMatchObject({ restartCount: 1, lastExit: { exitCode: 137 } })
  })
})
