/** @module Wiring of the job controller: every Job change enqueues that Job; expiry waits by requeueAfterMs. */
import { keyOf } from '../../apis/index.js'
import { realClock, runReconcileLoop, WorkQueue } from '../../client/index.js'
import type { ControllerOptions } from '../informers.js'
import { jobExpiryReconciler } from './reconcile.js'

/** Starts the loop; resolves when `signal` aborts and the workers have stopped. */
export function runJobController(opts: ControllerOptions): Promise<void> {
  const { informers } = opts
  const queue = new WorkQueue()
  informers.jobs.onChange((j) => queue.add(keyOf(j)))
  for (const j of informers.jobs.list()) queue.add(keyOf(j))
  const reconciler = jobExpiryReconciler({
    jobs: informers.jobs,
    deployments: informers.deployments,
    writer: opts.client,
    clock: realClock,
  })
  return runReconcileLoop({ queue, reconciler, signal: opts.signal, log: opts.log })
}
