/** @module Wiring of the host-health controller. */
import { keyOf } from '../../apis/index.js'
import { realClock, runReconcileLoop, WorkQueue } from '../../client/index.js'
import type { ControllerOptions } from '../informers.js'
import { hostHealthReconciler } from './reconcile.js'

export function runHostHealthController(
  opts: ControllerOptions & {
    leaseSeconds?: number
  },
): Promise<void> {
  const queue = new WorkQueue()
  opts.informers.hosts.onChange((h) => queue.add(keyOf(h)))
  for (const h of opts.informers.hosts.list()) queue.add(keyOf(h))
  const reconciler = hostHealthReconciler({
    hosts: opts.informers.hosts,
    writer: opts.client,
    clock: realClock,
    leaseSeconds: opts.leaseSeconds,
  })
  return runReconcileLoop({ queue, reconciler, signal: opts.signal, log: opts.log })
}
