/** @module Wiring of the endpoints controller: Task, Host and Endpoints changes enqueue the services they touch. */
import { type Host, keyOf, type Task } from '../../apis/index.js'
import { runReconcileLoop, WorkQueue } from '../../client/index.js'
import { TASKS_BY_HOST } from '../indexes.js'
import type { ControllerOptions } from '../informers.js'
import { servicesOf } from './desired.js'
import { endpointsReconciler } from './reconcile.js'

const endpointsKey = (name: string): string => keyOf({ kind: 'Endpoints', metadata: { name } })

/** Starts the loop; resolves when `signal` aborts and the workers have stopped. */
export function runEndpointsController(opts: ControllerOptions): Promise<void> {
  const { informers } = opts
  const queue = new WorkQueue()
  const enqueueServicesOf = (task: Task | undefined) => {
    for (const name of task ? servicesOf(task) : []) queue.add(endpointsKey(name))
  }
  informers.tasks.onChange((task, old) => {
    enqueueServicesOf(task)
    enqueueServicesOf(old) // a Task whose Job changed leaves the services of the old one
  })
  informers.hosts.onChange(
    (host) => {
      for (const task of informers.tasks.byIndex(TASKS_BY_HOST, host.metadata.name)) enqueueServicesOf(task)
    },
    (host, old, type) => type !== 'MODIFIED' || readinessChanged(host, old),
  )
  // Someone else's write (or delete) of an Endpoints object is undone; our own comes back as a no-op.
  informers.endpoints.onChange((ep) => queue.add(keyOf(ep)))
  for (const ep of informers.endpoints.list()) queue.add(keyOf(ep))
  for (const task of informers.tasks.list()) enqueueServicesOf(task)
  const reconciler = endpointsReconciler({
    tasks: informers.tasks,
    hosts: informers.hosts,
    endpoints: informers.endpoints,
    writer: opts.client,
  })
  return runReconcileLoop({ queue, reconciler, signal: opts.signal, log: opts.log })
}

/** What of a Host its endpoints show: UP/DOWN and its address (a heartbeat changes neither). */
const readinessChanged = (host: Host, old: Host | undefined): boolean =>
  host.status?.state !== old?.status?.state || host.status?.address !== old?.status?.address
