import { beforeEach, describe, expect, test } from 'vitest'
import type { Event, JobSpecInput } from '../apis/index.js'
import { BackgroundOps } from './background-ops.js'
import { DesiredTasks } from './desired-tasks.js'
import { DriftWatch } from './drift.js'
import { createHealthProbe } from './health-check.js'
import { PortBook } from './port-book.js'
import { createTaskReconciler } from './reconcile.js'
import { StatusWriter } from './status-writer.js'
import { startInstance, TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'batch@h1'
const job = (restartPolicy: JobSpecInput['restartPolicy']): JobSpecInput => ({ image: TEST_IMAGE, restartPolicy })

let world: World
beforeEach(() => {
  world = new World()
})

/** Deploys, lets the container run 5 s, then ends it with `code`; returns the agent and the container id. */
async function runAndExit(restartPolicy: JobSpecInput['restartPolicy'], code: number) {
  world.api.put(makeTask('batch', job(restartPolicy)))
  const agent = startInstance(world)
  await agent.drive(NAME)
  const id = world.runtime.all()[0]?.id ?? ''
  world.clock.advance(5_000)
  world.runtime.exit(id, code)
  return { agent, id }
}

describe('run-once Jobs (restartPolicy OnFailure / Never)', () => {
  test.each(['OnFailure', 'Never'] as const)('%s: exit 0 is SUCCEEDED, kept, and never restarted', async (policy) => {
    const { agent, id } = await runAndExit(policy, 0)
    expect(await agent.drive(NAME)).toEqual({})
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'SUCCEEDED', containerId: id, exitCode: 0 })
    const calls = world.runtime.calls.length
    const writes = world.api.writes.length
    world.clock.advance(60_000)
    await agent.drive(NAME)
    await startInstance(world).drive(NAME) // a restarted agent reads the same outcome off the kept container
    expect(world.runtime.all()).toMatchObject([{ id, state: 'exited', exitCode: 0 }])
    expect(world.runtime.calls.length).toBe(calls)
    expect(world.api.writes.length).toBe(writes)
  })

  test('a SUCCEEDED container removed by hand is not run again; a new Job version runs anew', async () => {
    const { agent, id } = await runAndExit('OnFailure', 0)
    await agent.drive(NAME)
    await world.runtime.remove(id)
    await startInstance(world).drive(NAME)
    expect(world.runtime.all()).toEqual([])
    expect(world.api.lastStatus(NAME)?.state).toBe('SUCCEEDED')
    world.api.put(makeTask('batch', { ...job('OnFailure'), env: { RUN: '2' } }, { job: 'batch:v2' }))
    await agent.drive(NAME)
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'RUNNING', jobId: expect.stringMatching(/^batch:v2:/) })
  })

  test('Never: a non-zero exit is FAILED with the exit code, kept, and not restarted', async () => {
    const { agent, id } = await runAndExit('Never', 3)
    expect(await agent.drive(NAME)).toEqual({})
    world.clock.advance(60_000)
    await startInstance(world).drive(NAME)
    expect(world.api.lastStatus(NAME)).toMatchObject({
      state: 'FAILED',
      containerId: id,
      exitCode: 3,
      containerError: 'exited with code 3',
    })
    expect(world.runtime.all()).toMatchObject([{ id, state: 'exited' }])
    expect(world.api.states(NAME)).toEqual(['CREATING', 'STARTING', 'RUNNING', 'FAILED'])
  })

  test('OnFailure: a non-zero exit is EXITED and restarted after the delay, as Helios does', async () => {
    const { agent, id } = await runAndExit('OnFailure', 3)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'EXITED', exitCode: 3, containerId: id })
    world.clock.advance(1_000)
    await agent.drive(NAME)
    const [second] = world.runtime.all()
    expect(second).toMatchObject({ state: 'running' })
    expect(second?.id).not.toBe(id)
  })

  test('Always (the default): exit 0 is restarted too', async () => {
    const { agent } = await runAndExit(undefined, 0)
    expect(await agent.drive(NAME)).toEqual({ requeueAfterMs: 1_000 })
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'EXITED', exitCode: 0 })
  })

  test('a run-once exit 0 is neither drift nor a flap, even if Docker reported a stop', async () => {
    world.api.put(makeTask('batch', job('Never')))
    const recorded: Event[] = []
    const ops = new BackgroundOps(() => {}, world.log)
    const drift = new DriftWatch({ recorder: { record: (e) => recorded.push(e) }, isBusy: () => false })
    const reconciler = createTaskReconciler({
      hostName: world.hostName,
      runtime: world.runtime,
      desired: new DesiredTasks(world.api, world.hostName, undefined),
      statuses: new StatusWriter({ client: world.api, store: world.state, clock: world.clock, log: world.log }),
      ports: new PortBook({ first: 20000, last: 20009 }, world.state),
      ops,
      probe: createHealthProbe(world.runtime),
      clock: world.clock,
      log: world.log,
      drift,
    })
    const reconcile = () => reconciler.reconcile(`Task/${NAME}`, new AbortController().signal)
    await reconcile()
    const c = world.runtime.all()[0]
    drift.observe({ action: 'stop', id: c?.id ?? '', labels: c?.labels ?? {} })
    world.runtime.exit(c?.id ?? '', 0)
    await reconcile()
    expect(recorded).toEqual([])
    expect(world.api.lastStatus(NAME)).toMatchObject({ state: 'SUCCEEDED', throttled: 'NO' })
  })
})
