/** @module Test fixture: one host's world (hollow runtime, fake Task API, memory state, manual clock) and agent instances over it. */

import type { Event } from '../../apis/index.js'
import { HeliosClient, type Log, type Result } from '../../client/index.js'
import { ManualClock } from '../../client/testing/manual-clock.js'
import type { AgentOptions } from '../agent.js'
import { BackgroundOps } from '../background-ops.js'
import type { AgentContainerSettings } from '../container-spec.js'
import { DesiredTasks } from '../desired-tasks.js'
import type { TaskDiscovery } from '../discovery/task-registrations.js'
import type { EndpointsLookup } from '../endpoint-withdrawal.js'
import { createHealthProbe, type HealthProbe } from '../health-check.js'
import { PortBook } from '../port-book.js'
import { createTaskReconciler } from '../reconcile.js'
import { HollowRuntime } from '../runtime/hollow-runtime.js'
import { StatusWriter } from '../status-writer.js'
import { FakeTaskApi } from './fake-task-api.js'
import { MemoryState } from './memory-state.js'

export const TEST_IMAGE = 'helios-test/busybox:latest'

/** What survives an agent restart: the engine, the apiserver, the state dir and time. */
export class World {
  readonly clock = new ManualClock()
  readonly runtime = new HollowRuntime({ clock: this.clock, images: [TEST_IMAGE] })
  readonly api = new FakeTaskApi()
  readonly state = new MemoryState()
  readonly hostName = 'h1'
  /** Events the agent sent besides its status writes' (the STOPPED of an undeployed Task). */
  readonly events: Event[] = []
  readonly logs: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = []
  readonly log: Log = (level, msg, fields) => {
    this.logs.push({ level, msg, fields })
  }
}

export type AgentInstance = ReturnType<typeof startInstance>

/** A fresh agent process over `world`: new memory, same engine, API and state dir. */
export function startInstance(
  world: World,
  opts: {
    probe?: HealthProbe
    containerSettings?: AgentContainerSettings
    settleMs?: number
    endpoints?: EndpointsLookup
    discovery?: TaskDiscovery
  } = {},
) {
  const kicked = new Set<string>()
  const ops = new BackgroundOps((task) => kicked.add(task), world.log)
  // Every reported status is written at once unless a test asks for the agent's window (SETTLE_MS): most tests
  // read the reconcile's steps off the writes; status-coalescing.test.ts checks what folding leaves of them.
  const statuses = new StatusWriter({
    client: world.api,
    store: world.state,
    clock: world.clock,
    log: world.log,
    settleMs: opts.settleMs ?? 0,
  })
  const ports = new PortBook({ first: 20000, last: 20009 }, world.state)
  const desired = new DesiredTasks(world.api, world.hostName, world.state.loadTasks())
  const reconciler = createTaskReconciler({
    hostName: world.hostName,
    runtime: world.runtime,
    desired,
    statuses,
    ports,
    ops,
    probe: opts.probe ?? createHealthProbe(world.runtime),
    clock: world.clock,
    log: world.log,
    containerSettings: opts.containerSettings,
    events: { record: (event) => world.events.push(event) },
    endpoints: opts.endpoints,
    discovery: opts.discovery,
  })
  const signal = new AbortController().signal
  /** Reconciles the task, then again each time a background op (pull, stop) settles, as the queue would. */
  async function drive(name: string): Promise<Result> {
    let result = await reconciler.reconcile(`Task/${name}`, signal)
    for (let round = 0; round < 10; round++) {
      await ops.idle()
      if (!kicked.delete(name)) break
      result = await reconciler.reconcile(`Task/${name}`, signal)
    }
    return result
  }
  return { reconciler, ops, statuses, ports, desired, drive }
}

/** startAgent options for a whole-agent test on host h1 against `server`; `overrides` win. */
export function testAgentOptions(serverUrl: string, overrides: Partial<AgentOptions> = {}): AgentOptions {
  return {
    client: new HeliosClient(serverUrl),
    runtime: new HollowRuntime({ images: [TEST_IMAGE] }),
    state: new MemoryState(),
    hostName: 'h1',
    labels: {},
    portRange: { first: 20000, last: 20100 },
    agentVersion: '0.1.0',
    log: () => {},
    ...overrides,
  }
}
