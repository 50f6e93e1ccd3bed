/** @module What the dashboard reads: the informer caches as one immutable snapshot, and the source that delivers them. */
import type { Deployment, Event, Host, Task } from '../../apis/index.js'

/** `connecting` until every informer has listed once; `reconnecting` while any list or watch fails. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting'

export interface Connection {
  state: ConnectionState
  /** The last failure, while reconnecting. */
  error?: string
}

/** Everything the screens show; a new object after every change, so React can compare by reference. */
export interface Snapshot {
  server: string
  hosts: readonly Host[]
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  /** Oldest first, newest last; capped. */
  events: readonly Event[]
  connection: Connection
}

/** What a user may do to a Deployment from the dashboard (after confirming). */
export type DeploymentAction = 'stop' | 'start' | 'undo'

/** Where the dashboard gets its data and sends its actions: informers in the CLI, a fake in tests. */
export interface DashboardSource {
  /** The current snapshot; the same object until something changes (useSyncExternalStore's contract). */
  getSnapshot(): Snapshot
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Performs `action` on Deployment `name`; resolves to a one-line summary, rejects with a one-line error. */
  act(action: DeploymentAction, name: string): Promise<string>
}

export const emptySnapshot = (server: string): Snapshot => ({
  server,
  hosts: [],
  deployments: [],
  tasks: [],
  events: [],
  connection: { state: 'connecting' },
})
