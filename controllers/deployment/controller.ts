/** @module Wiring of the deployment controller: informers' changes → Deployment keys → the reconciler. */
import { type Clock, type HeliosClient, type Log, realClock, runReconcileLoop, WorkQueue } from '../../client/index.js'
import type { SharedInformers } from '../informers.js'
import { enqueueDependents } from './handlers.js'
import { deploymentReconciler } from './reconcile.js'

/** Starts the loop; resolves when `signal` aborts and the workers have stopped. */
export function runDeploymentController(opts: {
  client: HeliosClient
  informers: SharedInformers
  signal: AbortSignal
  log: Log
  leaseSeconds?: number
  clock?: Clock
}): Promise<void> {
  const { informers } = opts
  const clock = opts.clock ?? realClock
  const queue = new WorkQueue({ clock })
  const enqueue = (name: string) => queue.add(`Deployment/${name}`)
  enqueueDependents(informers, enqueue)
  for (const d of informers.deployments.list()) enqueue(d.metadata.name)

  const reconciler = deploymentReconciler({
    deployments: informers.deployments,
    jobs: informers.jobs,
    hosts: informers.hosts,
    tasks: informers.tasks,
    writer: opts.client,
    clock,
  })
  return runReconcileLoop({ queue, reconciler, signal: opts.signal, log: opts.log, workers: 2 })
}
