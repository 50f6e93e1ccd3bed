/** @module Test helper: a DashboardSource holding a Snapshot the test changes, recording the actions asked for. */
import type { Deployment, Event, Host, Task } from '../../../apis/index.js'
import {
  type Connection,
  type DashboardSource,
  type DeploymentAction,
  emptySnapshot,
  type Snapshot,
} from '../snapshot.js'

export interface FakeSource extends DashboardSource {
  /** Replaces parts of the snapshot and notifies subscribers. */
  set(change: Partial<Omit<Snapshot, 'server'>>): void
  /** `stop web`, `undo web`… in order. */
  actions: string[]
  /** Makes the next act() fail with this message. */
  failNext?: string
}

export function fakeSource(initial: {
  hosts?: Host[]
  deployments?: Deployment[]
  tasks?: Task[]
  events?: Event[]
  connection?: Connection
}): FakeSource {
  let snapshot: Snapshot = { ...emptySnapshot('http://fake:5801'), connection: { state: 'live' }, ...initial }
  const listeners = new Set<() => void>()
  const source: FakeSource = {
    actions: [],
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(change) {
      snapshot = { ...snapshot, ...change }
      for (const listener of listeners) listener()
    },
    async act(action: DeploymentAction, name: string) {
      source.actions.push(`${action} ${name}`)
      const failure = source.failNext
      source.failNext = undefined
      if (failure) throw new Error(failure)
      return `deployment "${name}" ${action} done`
    },
  }
  return source
}
