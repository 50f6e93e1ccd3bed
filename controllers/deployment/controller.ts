/** @module Wiring of the deployment controller: which changes enqueue which Deployment keys. */
import { type Deployment, keyOf } from '../../apis/index.js'
import { type HeliosClient, type Log, realClock, runReconcileLoop, WorkQueue } from '../../client/index.js'
import type { SharedInformers } from '../informers.js'
import { deploymentReconciler } from './reconcile.js'

/** Starts the loop; resolves when `signal` aborts and the workers have stopped. */
export function runDeploymentController(opts: {
  client: HeliosClient
  informers: SharedInformers
  signal: AbortSignal
  log: Log
  leaseSeconds?: number
}): Promise<void> {
  const { informers } = opts
  const queue = new WorkQueue()
  const enqueue = (name: string) => queue.add(`Deployment/${name}`)
  const enqueueAll = () => {
    for (const d of informers.deployments.list()) enqueue(d.metadata.name)
  }

  informers.deployments.onChange((d) => queue.add(keyOf(d)))
  // A Task maps back to its owner; Host changes can move any selector; Job changes reach their users.
  informers.tasks.onChange((t) => {
    enqueue(t.spec.deployment)
    // Replicas are placed by load, which other Deployments' Tasks change; a Task of a Job holds its host against
    // every other Deployment of that Job (job-once.ts), which waits for it to stop or go (migrate).
    for (const d of informers.deployments.list())
      if (d.spec.replicas !== undefined || usesJob(d, t.spec.job)) enqueue(d.metadata.name)
  })
  informers.hosts.onChange(enqueueAll)
  informers.jobs.onChange((j) => {
    for (const d of informers.deployments.list()) if (usesJob(d, j.metadata.name)) enqueue(d.metadata.name)
  })
  enqueueAll()

  const reconciler = deploymentReconciler({
    deployments: informers.deployments,
    jobs: informers.jobs,
    hosts: informers.hosts,
    tasks: informers.tasks,
    writer: opts.client,
    clock: realClock,
  })
  return runReconcileLoop({ queue, reconciler, signal: opts.signal, log: opts.log, workers: 2 })
}

// A Deployment uses its spec.job, and during or after an automatic revert the Job it went back to.
const usesJob = (d: Deployment, job: string): boolean => d.spec.job === job || d.status?.rollout?.job === job
