/** @module Wiring of the deployment controller: informers' changes → Deployment keys → the reconciler. */
import { type Clock, realClock, runReconcileLoop, WorkQueue } from '../../client/index.js'
import type { ControllerOptions } from '../informers.js'
import { throttledEnqueue } from '../throttled-enqueue.js'
import { enqueueDependents } from './handlers.js'
import { deploymentReconciler } from './reconcile.js'

/** Task changes of one Deployment within this long share a reconcile (the first is seen at once). */
const TASK_BURST_WINDOW_MS = 250

/** Starts the loop; resolves when `signal` aborts and the workers have stopped. */
export function runDeploymentController(
  opts: ControllerOptions & {
    leaseSeconds?: number
    clock?: Clock
  },
): Promise<void> {
  const { informers } = opts
  const clock = opts.clock ?? realClock
  const queue = new WorkQueue({ clock })
  const enqueue = (name: string) => queue.add(`Deployment/${name}`)
  const throttled = throttledEnqueue(queue, clock, TASK_BURST_WINDOW_MS)
  enqueueDependents(informers, enqueue, (name) => throttled(`Deployment/${name}`))
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
