/** @module The deployment controller's event handlers: which changes enqueue which Deployment names, through the indexes. */
import { DEPLOYMENTS_BY_JOB } from '../indexes.js'
import type { SharedInformers } from '../informers.js'
import { dependentsOfDeployment, dependentsOfTask } from './dependents.js'
import { dependentsOfHost, hostFactsChanged } from './host-dependents.js'

/**
 * Registers the handlers: each maps a change to the Deployments it concerns and enqueues their names, reading only
 * index buckets, so a change costs what it concerns rather than the number of Deployments. A Host change that moves
 * nothing the reconcile reads (a heartbeat) is dropped before any handler runs.
 */
export function enqueueDependents(
  informers: SharedInformers,
  enqueue: (deployment: string) => void,
  /** For Task changes, which come in bursts of thousands (controllers/throttled-enqueue.ts); default `enqueue`. */
  enqueueForTask: (deployment: string) => void = enqueue,
): void {
  const caches = { deployments: informers.deployments, tasks: informers.tasks, hosts: informers.hosts }
  const all = (names: Iterable<string>) => {
    for (const name of names) enqueue(name)
  }
  informers.deployments.onChange((d, old, type) => {
    enqueue(d.metadata.name)
    all(dependentsOfDeployment(caches, d, old, type))
  })
  informers.tasks.onChange((t, old, type) => {
    for (const name of dependentsOfTask(caches, t, old, type)) enqueueForTask(name)
  })
  informers.hosts.onChange(
    (h, old) => all(dependentsOfHost(caches, h, old)),
    (h, old, type) => type !== 'MODIFIED' || old === undefined || hostFactsChanged(old, h),
  )
  informers.jobs.onChange((j) => {
    for (const d of informers.deployments.byIndex(DEPLOYMENTS_BY_JOB, j.metadata.name)) enqueue(d.metadata.name)
  })
}
