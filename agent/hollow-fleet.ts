/** @module Hollow fleet (kubemark's method): N real agent control loops in one process, each over a simulated engine and in-memory state. */
import type { Task } from '../apis/index.js'
import { type Clock, type HeliosClient, type Log, realClock } from '../client/index.js'
import { type AgentOptions, type RunningAgent, startAgent } from './agent.js'
import { type HollowOptions, hollowHostNames } from './options.js'
import type { PortAllocations } from './ports.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import type { StateStore } from './state-dir.js'

/** What a hollow agent would keep in its state dir, kept in memory (a hollow agent never restarts); tests use it too. */
export class HollowState implements StateStore {
  tasks: Task[] | undefined
  ports: PortAllocations = {}
  pending: Record<string, Task> = {}
  pendingEvents: unknown[] = []

  loadTasks = () => this.tasks
  saveTasks = (tasks: readonly Task[]) => {
    this.tasks = [...tasks]
  }
  loadPorts = () => this.ports
  savePorts = (ports: PortAllocations) => {
    this.ports = ports
  }
  loadPending = () => ({ ...this.pending })
  savePending = (pending: Readonly<Record<string, Task>>) => {
    this.pending = { ...pending }
  }
  loadPendingEvents = () => [...this.pendingEvents]
  savePendingEvents = (events: readonly unknown[]) => {
    this.pendingEvents = [...events]
  }
}

/**
 * Every sleep of a second or more lasts ± `fraction` of itself, drawn anew each time: agents started
 * in the same millisecond drift apart instead of heartbeating (and resyncing) in lockstep.
 */
export function jitteredClock(fraction: number, random: () => number = Math.random, base: Clock = realClock): Clock {
  return {
    now: () => base.now(),
    sleep: (ms, signal) => base.sleep(ms >= 1000 ? ms * (1 + (random() * 2 - 1) * fraction) : ms, signal),
  }
}

export interface HollowFleetOptions
  extends Pick<AgentOptions, 'labels' | 'portRange' | 'agentVersion' | 'heartbeatSeconds' | 'containerSettings'> {
  /** One client for the whole fleet: fetch pools connections, and each agent still opens its own Task watch. */
  client: HeliosClient
  /** Host names are `<namePrefix>-0 … <namePrefix>-<count-1>`. */
  namePrefix: string
  hollow: HollowOptions
  log: Log
  /** Heartbeat jitter, ± this fraction of each period (default 0.1). */
  jitter?: number
}

export interface HollowFleet {
  readonly hostNames: readonly string[]
  stop(): Promise<void>
}

/** Starts `hollow.count` agents, one after the other (each returns as soon as its loops run). */
export async function startHollowFleet(o: HollowFleetOptions): Promise<HollowFleet> {
  const hostNames = hollowHostNames(o.namePrefix, o.hollow.count)
  const clock = jitteredClock(o.jitter ?? 0.1)
  const agents: RunningAgent[] = []
  for (const hostName of hostNames) {
    const runtime = new HollowRuntime({
      anyImage: true,
      clock,
      startDelayMs: o.hollow.startDelayMs,
      stopDelayMs: o.hollow.stopDelayMs,
    })
    const log: Log = (level, msg, fields) => o.log(level, msg, { host: hostName, ...fields })
    const { client, labels, portRange, agentVersion, heartbeatSeconds, containerSettings } = o
    const options = { client, labels, portRange, agentVersion, heartbeatSeconds, containerSettings }
    agents.push(await startAgent({ ...options, runtime, state: new HollowState(), hostName, log, clock }))
  }
  return {
    hostNames,
    async stop() {
      await Promise.allSettled(agents.map((a) => a.stop()))
    },
  }
}
