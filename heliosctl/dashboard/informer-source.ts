/** @module The live DashboardSource: one informer per kind (list, then watch; relist after failures) and the connection state. */
import { byEventTime, type Kind } from '../../apis/index.js'
import { type Clock, errorMessage, Informer } from '../../client/index.js'
import type { Ctx } from '../context.js'
import { deploymentAction } from './deployment-actions.js'
import { EVENTS_SHOWN } from './event-rows.js'
import { reportingClient } from './reporting-client.js'
import type { Connection, DashboardSource, Snapshot } from './snapshot.js'

/** Changes arriving within this many ms make one new snapshot (a relist delivers every object at once). */
const COALESCE_MS = 30

/**
 * Starts informers for Hosts, Deployments, Tasks and Events on `ctx.client` until `signal` aborts. The
 * informers reconnect by themselves with capped backoff; the snapshot says `reconnecting` meanwhile.
 */
export function startInformerSource(ctx: Ctx, signal: AbortSignal, opts: { clock?: Clock } = {}): DashboardSource {
  const failures = new Map<Kind, string>()
  const client = reportingClient(ctx.client, (kind, error) => {
    const before = failures.get(kind)
    if (error === undefined) failures.delete(kind)
    else failures.set(kind, errorMessage(error))
    if (before !== failures.get(kind)) changed()
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
      server: ctx.client.server,
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
    act: (action, name) => deploymentAction(ctx, action, name),
  }
}
