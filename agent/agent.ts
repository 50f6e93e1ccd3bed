/** @module startAgent: wires informer, work queue, reconciler, Docker events, resync, status writer, events and registrar. */
import { keyOf, type Task } from '../apis/index.js'
import {
  type Clock,
  errorMessage,
  type HeliosClient,
  Informer,
  type Log,
  realClock,
  runReconcileLoop,
  WorkQueue,
} from '../client/index.js'
import { BackgroundOps } from './background-ops.js'
import { type AgentContainerSettings, portsOfContainer } from './container-spec.js'
import { DesiredTasks } from './desired-tasks.js'
import { RegistrationSync } from './discovery/registration-sync.js'
import type { ServiceRegistrar } from './discovery/service-registrar.js'
import { DriftWatch } from './drift.js'
import { endpointsLookup } from './endpoint-withdrawal.js'
import { followEngineEvents } from './engine-events.js'
import { EventRecorder } from './event-recorder.js'
import { createHealthProbe } from './health-check.js'
import { PortBook } from './port-book.js'
import type { PortRange } from './ports.js'
import { createTaskReconciler } from './reconcile.js'
import { runRegistrar } from './registrar.js'
import type { ContainerRuntime } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { isRuntimeError } from './runtime/runtime-error.js'
import type { StateStore } from './state-dir.js'
import { StatusWriter } from './status-writer.js'

/**
 * Tasks reconciled at once. Each Task is only ever in one worker (the queue hands a key out once), so this only
 * bounds how many containers are pulled, created or started in parallel: 50 Tasks applied together are started
 * 8 at a time rather than 2 (docker-compose starts up to 64 at once).
 */
export const DEFAULT_WORKERS = 8

export interface AgentOptions {
  client: HeliosClient
  runtime: ContainerRuntime
  state: StateStore
  hostName: string
  labels: Readonly<Record<string, string>>
  portRange: PortRange
  agentVersion: string
  log: Log
  clock?: Clock
  workers?: number
  /** Every this often, every desired task and every managed container's task is reconciled (drift). */
  resyncMs?: number
  /** Agent `--env/--dns/--bind/--add-host`, added to every container created. */
  containerSettings?: AgentContainerSettings
  /** Seconds between heartbeats; keep it well under the apiserver's `--host-lease-seconds`. */
  heartbeatSeconds?: number
  /** `host:port` where the apiserver reaches this agent's log endpoint (Host status); absent when it serves none. */
  agentAddress?: string
  /** SHA-256 of the certificate the log endpoint serves over TLS (Host status); absent for plain HTTP. */
  agentCertificateSha256?: string
  /** The IP this host's published ports are reached at (`--address`, Host status.address). */
  address?: string
  /**
   * Where RUNNING Tasks' registrations are announced (`--registrar`); absent (`builtin`): nowhere, the apiserver builds
   * Endpoints from the statuses the agent writes anyway, so no registration is computed, tracked or restored.
   */
  registrar?: ServiceRegistrar
  /** Helios' `--domain`: the domain a Job with no registrationDomain registers in. */
  domain?: string
}

export interface RunningAgent {
  /** Stops every loop and returns; containers are left exactly as they are. */
  stop(): Promise<void>
}

const taskKey = (name: string): string => keyOf({ kind: 'Task', metadata: { name } })

export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const clock = o.clock ?? realClock
  const abort = new AbortController()
  const signal = abort.signal
  const queue = new WorkQueue()
  const informer = new Informer(o.client, 'Task', { fieldSelector: `spec.host=${o.hostName}`, log: o.log, clock })
  const desired = new DesiredTasks(informer, o.hostName, o.state.loadTasks(), (tasks) => o.state.saveTasks(tasks))
  const events = new EventRecorder({ client: o.client, store: o.state, clock, log: o.log })
  // Each status write carries its TaskState Event (`?event=true`: one request, one transaction); statuses folded
  // into a later one never had a state to tell.
  const statuses = new StatusWriter({ client: o.client, store: o.state, clock, log: o.log })
  const ports = new PortBook(o.portRange, o.state)
  const ops = new BackgroundOps((task) => queue.add(taskKey(task)), o.log)
  const drift = new DriftWatch({ recorder: events, isBusy: (task) => ops.isRunning(task) })
  const sync = o.registrar && new RegistrationSync({ registrar: o.registrar, clock, log: o.log })
  if (sync) await restoreRegistrations(sync, o.log)
  const reconciler = createTaskReconciler({
    hostName: o.hostName,
    runtime: o.runtime,
    desired,
    statuses,
    ports,
    ops,
    probe: createHealthProbe(o.runtime),
    clock,
    log: o.log,
    containerSettings: o.containerSettings,
    drift,
    events,
    endpoints: endpointsLookup(o.client, o.hostName),
    discovery: sync ? { sync, domain: o.domain ?? '' } : undefined,
  })

  const enqueueAll = async () => {
    try {
      const containers = await o.runtime.listManaged(o.hostName)
      // A lost ports.json is rebuilt from running containers before anything allocates.
      for (const c of containers) {
        const task = c.labels[LABEL.task]
        const bound = portsOfContainer(c.labels)
        if (task && bound && c.state === 'running') ports.adopt(task, bound)
      }
      for (const c of containers) {
        const task = c.labels[LABEL.task]
        if (task) queue.add(taskKey(task))
      }
    } catch (err) {
      o.log('warn', 'cannot list containers', { error: errorMessage(err) })
      // Reconciling against an engine that does not answer only fails; the reconnect resyncs.
      if (isRuntimeError(err, 'Unavailable')) return
    }
    for (const task of desired.list()) queue.add(keyOf(task))
    // Registrations of a Task that is gone with its containers are withdrawn by reconciling its name.
    for (const task of sync?.tasks() ?? []) queue.add(taskKey(task))
  }

  informer.onChange((task: Task) => {
    desired.persist()
    queue.add(keyOf(task))
  })
  await enqueueAll()
  o.log('info', 'agent started', { host: o.hostName, runtime: o.runtime.endpoint, server: o.client.server })
  void informer.waitForSync().then(() => {
    if (signal.aborted) return
    o.log('info', 'tasks synced', { tasks: desired.list().length })
    desired.persist()
    return enqueueAll()
  })
  const heartbeats = {
    client: o.client,
    runtime: o.runtime,
    hostName: o.hostName,
    labels: o.labels,
    agentVersion: o.agentVersion,
    startedAt: new Date(clock.now()).toISOString(),
    clock,
    log: o.log,
    heartbeatSeconds: o.heartbeatSeconds,
    agentAddress: o.agentAddress,
    agentCertificateSha256: o.agentCertificateSha256,
    address: o.address,
  }
  const loops = [
    informer.run(signal),
    runReconcileLoop({ queue, reconciler, signal, log: o.log, workers: o.workers ?? DEFAULT_WORKERS }),
    statuses.run(signal),
    events.run(signal),
    followEngineEvents(
      { ...o, runtime: drift.tap(o.runtime), clock, onTask: (task) => queue.add(taskKey(task)), resync: enqueueAll },
      signal,
    ),
    every(o.resyncMs ?? 30_000, clock, signal, enqueueAll),
    runRegistrar(heartbeats, signal),
    sync?.run(signal),
  ]
  return {
    async stop() {
      abort.abort()
      await Promise.allSettled(loops)
    },
  }
}

/** What an earlier agent left registered; a registrar that cannot say is logged and counts as holding nothing. */
async function restoreRegistrations(sync: RegistrationSync, log: Log): Promise<void> {
  try {
    const tasks = await sync.restore()
    if (tasks.length > 0) log('info', 'registrations found', { tasks })
  } catch (err) {
    log('warn', 'cannot read what the registrar holds', { error: errorMessage(err) })
  }
}

async function every(ms: number, clock: Clock, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    await clock.sleep(ms, signal)
    if (!signal.aborted) await fn()
  }
}
