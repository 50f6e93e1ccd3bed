import { beforeEach, describe, expect, test } from 'vitest'
import { buildContainerSpec } from './container-spec.js'
import { WITHDRAWAL_MAX_WAIT_MS, WITHDRAWAL_POLL_MS, withdrawal } from './endpoint-withdrawal.js'
import { LABEL } from './runtime/labels.js'
import { startInstance, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
const spec = { image: 'helios-test/busybox', ports: { http: { internalPort: 80 } } }

let world: World
beforeEach(() => {
  world = new World()
  world.api.put(makeTask('web', spec))
})

describe('stopping', () => {
  test('goal STOP stops with the kill timeout and keeps the container; START again runs a new one', async () => {
    const agent = startInstance(world)
    await agent.drive(NAME)
    const first = world.runtime.all()[0]?.id ?? ''
    // A job changed together with goal STOP only stops the old container (with its own kill timeout).
    const changed = { ...spec, secondsToWaitBeforeKill: 7 }
    world.api.put(makeTask('web', changed, { goal: 'STOP' }))
    await agent.drive(NAME)
    expect(world.runtime.calls).toContain(`stop ${first} 120`)
    expect(world.runtime.all()).toMatchObject([{ id: first, state: 'exited' }])
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'STOPPED', goal: 'STOP', containerId: first })
    world.api.put(makeTask('web', changed, { goal: 'START' }))
    await agent.drive(NAME)
    const [second] = world.runtime.all()
    expect(second?.id).not.toBe(first)
    expect(world.api.states(NAME)).toEqual([
      'CREATING',
      'STARTING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
      'CREATING',
      'STARTING',
      'RUNNING',
    ])
    expect(world.api.lastStatus(NAME)?.ports.http?.externalPort).toBe(20000)
  })

  test('undeploy waits the grace period, stops, removes, forgets ports and pending status, writes no status', async () => {
    const deployed = makeTask('web', { ...spec, gracePeriod: 5, secondsToWaitBeforeKill: 3 })
    world.api.put(deployed)
    await startInstance(world).drive(NAME)
    const id = world.runtime.all()[0]?.id ?? ''
    const writes = world.api.writes.length
    world.api.delete(NAME)
    world.state.pending[NAME] = makeTask('web', spec) // a status the apiserver never accepted
    const agent = startInstance(world)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 5_000 })
    expect(world.runtime.all()[0]?.state).toBe('running')
    world.clock.advance(5_000)
    expect(await agent.drive(NAME)).toEqual({})
    expect(world.runtime.calls.slice(-2)).toEqual([`stop ${id} 3`, `remove ${id}`])
    expect(world.runtime.all()).toEqual([])
    expect(world.state.ports).toEqual({})
    expect(world.state.pending).toEqual({})
    expect(world.api.writes.length).toBe(writes)
    // Helios' history ends with STOPPED: one Event, from the container's labels, since no Task is left to name it.
    expect(world.events).toEqual([
      expect.objectContaining({
        involvedObject: { kind: 'Task', name: NAME },
        reason: 'TaskState',
        type: 'Normal',
        message: `STOPPED container ${id.slice(0, 7)}`,
        source: { component: 'agent', host: 'h1' },
        timestamp: new Date(world.clock.now()).toISOString(),
        task: {
          host: 'h1',
          job: 'web:v1',
          jobId: deployed.spec.jobId,
          state: 'STOPPED',
          throttled: 'NO',
          containerId: id,
        },
      }),
    ])
  })

  test("Helios' order: the grace period starts once the Task has left its Endpoints (or after the longest wait)", async () => {
    const registered = {
      ...spec,
      gracePeriod: 3,
      secondsToWaitBeforeKill: 1,
      registration: { web: { ports: { http: {} } } },
    }
    world.api.put(makeTask('web', registered))
    let listed: boolean | undefined = true
    const asked: number[] = []
    const names: (readonly string[])[] = []
    const lookup = async (task: string, endpoints: readonly string[]) => {
      expect(task).toBe(NAME)
      asked.push(world.clock.now())
      names.push(endpoints)
      return listed
    }
    await startInstance(world).drive(NAME)
    const id = world.runtime.all()[0]?.id ?? ''
    world.api.delete(NAME)
    const agent = startInstance(world, { endpoints: lookup })
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: WITHDRAWAL_POLL_MS })
    world.clock.advance(WITHDRAWAL_POLL_MS)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: WITHDRAWAL_POLL_MS })
    listed = false // the endpoints controller withdrew it
    world.clock.advance(WITHDRAWAL_POLL_MS)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 3_000 })
    world.clock.advance(2_999)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1 })
    expect(world.runtime.all()[0]?.state).toBe('running')
    world.clock.advance(1)
    expect(await agent.drive(NAME)).toEqual({})
    expect(world.runtime.calls).toContain(`stop ${id} 1`)
    expect(asked).toHaveLength(3) // not asked again once withdrawn
    // This agent never saw the Task (it was gone when it started): its container's label names its Endpoints.
    expect(names).toEqual([['web.http'], ['web.http'], ['web.http']])

    // Controllers away: still listed after WITHDRAWAL_MAX_WAIT_MS, the grace period starts all the same.
    world.api.put(makeTask('web', registered))
    listed = true
    const again = startInstance(world, { endpoints: lookup })
    await again.drive(NAME)
    world.api.delete(NAME)
    expect(await again.drive(NAME)).toEqual({ requeueAfterMs: WITHDRAWAL_POLL_MS })
    world.clock.advance(WITHDRAWAL_MAX_WAIT_MS)
    expect(await again.drive(NAME)).toEqual({ requeueAfterMs: 3_000 })
    expect(names.at(-1)).toEqual(['web.http']) // an agent that saw the Task asks for its own Endpoints only
  })

  test('the apiserver unable to say (undefined) starts the grace period at once', () => {
    expect(withdrawal(undefined, 0, 0)).toEqual({ withdrawn: true })
    expect(withdrawal(false, 0, 0)).toEqual({ withdrawn: true })
    expect(withdrawal(true, 0, WITHDRAWAL_MAX_WAIT_MS - 1)).toEqual({
      withdrawn: false,
      requeueAfterMs: WITHDRAWAL_POLL_MS,
    })
  })

  test('the reaper removes managed containers of unknown tasks and never touches anyone else', async () => {
    const agent = startInstance(world)
    const ghost = makeTask('ghost', spec)
    const mine = await world.runtime.create(buildContainerSpec(ghost, {}, 'h1'))
    const otherHost = await world.runtime.create(buildContainerSpec(makeTask('ghost', spec, { host: 'h2' }), {}, 'h2'))
    const unmanaged = await world.runtime.create({
      ...buildContainerSpec(ghost, {}, 'h1'),
      name: 'someone-elses',
      Labels: { [LABEL.task]: 'ghost@h1', [LABEL.host]: 'h1' },
    })
    for (const id of [mine, otherHost, unmanaged]) await world.runtime.start(id)
    await agent.drive('ghost@h1')
    expect(
      world.runtime
        .all()
        .map((c) => c.id)
        .sort(),
    ).toEqual([otherHost, unmanaged].sort())
    expect(world.runtime.all().every((c) => c.state === 'running')).toBe(true)
  })

  test('knowing nothing (no sync, no tasks.json) never reaps; tasks.json alone keeps tasks running', async () => {
    await startInstance(world).drive(NAME)
    const id = world.runtime.all()[0]?.id
    world.api.synced = false
    world.api.delete(NAME)
    await startInstance(world).drive(NAME)
    expect(world.runtime.all()).toMatchObject([{ id, state: 'running' }])
    world.runtime.exit(id ?? '', 1)
    world.state.tasks = [makeTask('web', spec)]
    world.clock.advance(1_000)
    await startInstance(world).drive(NAME)
    expect(world.runtime.all()).toMatchObject([{ state: 'running' }])
    expect(world.runtime.all()[0]?.id).not.toBe(id)
  })
})
