import { beforeEach, describe, expect, test } from 'vitest'
import type { Event } from '../apis/index.js'
import { BackgroundOps } from './background-ops.js'
import { DesiredTasks } from './desired-tasks.js'
import { DriftWatch } from './drift.js'
import { createHealthProbe } from './health-check.js'
import { PortBook } from './port-book.js'
import { createTaskReconciler } from './reconcile.js'
import { LABEL } from './runtime/labels.js'
import { StatusWriter } from './status-writer.js'
import { TEST_IMAGE, World } from './testing/fixture.js'
import { makeTask } from './testing/tasks.js'

const NAME = 'web@h1'
let world: World
let recorded: Event[]
let drift: DriftWatch
let ops: BackgroundOps
let reconcile: () => Promise<unknown>

beforeEach(() => {
  world = new World()
  world.api.put(makeTask('web', { image: TEST_IMAGE }))
  recorded = []
  ops = new BackgroundOps(() => {}, world.log)
  drift = new DriftWatch({ recorder: { record: (e) => recorded.push(e) }, isBusy: (task) => ops.isRunning(task) })
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
  reconcile = async () => {
    await reconciler.reconcile(`Task/${NAME}`, new AbortController().signal)
    await ops.idle()
  }
})

const container = () => world.runtime.all()[0]
const byHand = (action: 'kill' | 'stop', id: string) =>
  drift.observe({ action, id, labels: { [LABEL.task]: NAME, [LABEL.host]: 'h1' } })

describe('DriftWatch', () => {
  test('a container killed by hand: one DriftCorrected Warning with the task fields, then the usual restart', async () => {
    await reconcile()
    const id = container()?.id ?? ''
    byHand('kill', id)
    world.runtime.exit(id, 137)
    await reconcile()
    await reconcile()
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({
      reason: 'DriftCorrected',
      type: 'Warning',
      message: `container ${id.slice(0, 7)} was killed outside Helios; restarting`,
      involvedObject: { kind: 'Task', name: NAME },
      task: { host: 'h1', job: 'web:v1', state: 'RUNNING', containerId: id },
    })
    expect(world.api.states(NAME).slice(-1)).toEqual(['EXITED'])
    world.clock.advance(1_000)
    await reconcile()
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
    expect(recorded).toHaveLength(1)
  })

  test('a container removed by hand is recreated and said so; one the agent removed itself is not drift', async () => {
    await reconcile()
    const id = container()?.id ?? ''
    world.runtime.exit(id, 137)
    await world.runtime.remove(id)
    await reconcile()
    expect(recorded.map((e) => e.message)).toEqual([
      `container ${id.slice(0, 7)} was removed outside Helios; recreating`,
    ])
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
    // A crash: EXITED, restarted after 1 s (the agent removes the old container itself), no drift.
    world.runtime.exit(container()?.id ?? '', 1)
    await reconcile()
    world.clock.advance(1_000)
    await reconcile()
    expect(recorded).toHaveLength(1)
  })

  test('kills while the agent itself stops the task are not marked', async () => {
    await reconcile()
    const id = container()?.id ?? ''
    ops.start(NAME, 'stop', () => new Promise(() => {}))
    byHand('kill', id)
    world.runtime.exit(id, 143)
    expect(recorded).toEqual([])
    const watch = new DriftWatch({ recorder: { record: (e) => recorded.push(e) }, isBusy: () => false })
    const seen: string[] = []
    const tapped = watch.tap({
      endpoint: 'hollow',
      events: async (_host, onEvent) => onEvent({ action: 'start', id, labels: {} }),
    })
    await tapped.events('h1', (e) => seen.push(e.action), new AbortController().signal)
    expect(seen).toEqual(['start'])
  })

  test("a composite Job's sidecar killed or removed by hand is drift of the unit, said once per unit", async () => {
    world.runtime.images.add('helios-test/exporter:1')
    world.api.put(
      makeTask('web', { image: TEST_IMAGE, containers: [{ name: 'log', image: 'helios-test/exporter:1' }] }),
    )
    await reconcile()
    const sidecar = () => world.runtime.all().find((c) => c.labels[LABEL.container] === 'log')
    const main = world.runtime.all().find((c) => c.labels[LABEL.container] === 'main')?.id ?? ''
    const id = sidecar()?.id ?? ''
    byHand('kill', id)
    world.runtime.exit(id, 137)
    await reconcile()
    expect(recorded.map((e) => e.message)).toEqual([
      `container ${id.slice(0, 7)} ("log") was killed outside Helios; restarting`,
    ])
    expect(recorded[0]?.task).toMatchObject({ containerId: main })
    world.clock.advance(1_000)
    await reconcile()
    expect(world.api.lastStatus(NAME)?.state).toBe('RUNNING')
    await world.runtime.stop(sidecar()?.id ?? '', 0)
    await world.runtime.remove(sidecar()?.id ?? '')
    await reconcile()
    expect(recorded.map((e) => e.message).slice(1)).toEqual([
      expect.stringMatching(/^container [0-9a-f]{7} \("log"\) was removed outside Helios; restarting$/),
    ])
  })
})
