/** @module The live DashboardSource: one informer per kind (list, then watch; relist after failures) and the connection state. */
import { byEventTime, type Kind } from '../../apis/index.js'
import { type Clock, errorMessage, Informer, type InformerClient } from '../../client/index.js'
import { EVENTS_SHOWN } from './event-rows.js'
import { reportingClient } from './reporting-client.js'
import type { Connection, DashboardSource, Snapshot } from './snapshot.js'

/** Changes arriving within this many ms make one new snapshot (a relist delivers every object at once). */
const COALESCE_MS = 30

export interface InformerSourceOptions {
  client: InformerClient
  /** The apiserver URL, for the title bar. */
  server: string
  /** Performs the dashboard's actions (deployment-actions.ts). */
  act: DashboardSource['act']
  /** Time for the informers' reconnect backoff (tests pass a fast one). */
  clock?: Clock
}

/**
 * Starts informers for Hosts, Deployments, Tasks and Events until `signal` aborts. The informers
 * reconnect by themselves with capped backoff; the snapshot says `reconnecting` meanwhile.
 */
export function startInformerSource(opts: InformerSourceOptions, signal: AbortSignal): DashboardSource {
  const failures = new Map<Kind, string>()
  const client = reportingClient(opts.client, (kind, error) => {
    const before = failures.get(kind)
    if (error === undefined) failures.delete(kind)
    else failures.set(kind, errorMessage(error))
    // After a list the informer may have synced (or recovered) without any object changing: look again.
    if (error === undefined || before !== failures.get(kind)) changed()
  })
  const make = <K extends Kind>(kind: K) => new Informer(client, kind, { log: () => {}, clock: opts.clock })
  const informers = {
    hosts: make('Host'),
    deployments: make('Deployment'),
    tasks: make('Task'),
    events: make('Event'),
  }
  const listeners = new Set<() => void>()
  let snapshot = build()
  let timer: NodeJS.Timeout | undefined

  function connection(): Connection {
    const error = [...failures.values()][0]
    if (error !== undefined) return { state: 'reconnecting', error }
    const synced = Object.values(informers).every((i) => i.hasSynced())
    return { state: synced ? 'live' : 'connecting' }
  }
  function build(): Snapshot {
    return {
      server: opts.server,
      hosts: informers.hosts.list(),
      deployments: informers.deployments.list(),
      tasks: informers.tasks.list(),
      events: informers.events.list().sort(byEventTime).slice(-EVENTS_SHOWN),
      connection: connection(),
    }
  }
  function changed(): void {
    if (timer || signal.aborted) return
    timer = setTimeout(() => {
      timer = undefined
      snapshot = build()
      for (const listener of listeners) listener()
    }, COALESCE_MS)
  }

  signal.addEventListener('abort', () => clearTimeout(timer), { once: true })
  for (const informer of Object.values(informers)) {
    informer.onChange(changed)
    void informer.run(signal)
  }
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    act: opts.act,
  }
}
