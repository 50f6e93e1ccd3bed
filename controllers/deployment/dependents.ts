/** @module Which Deployments a Task or Deployment change concerns besides its own: found through the indexes, never a scan. */
import {
  type Deployment,
  handedOver,
  IMPERATIVE_ANNOTATION,
  isSurgeTask,
  MIGRATING_ANNOTATION,
  type Task,
} from '../../apis/index.js'
import type { ChangeType } from '../../client/index.js'
import {
  ANY_HOST,
  DEPLOYMENTS_BY_JOB,
  DEPLOYMENTS_MIGRATING_TO,
  DEPLOYMENTS_PLACING_ON,
  jobsOf,
  TASKS_BY_DEPLOYMENT,
} from '../indexes.js'
import { type HandlerCaches, handoverOf, mayTake } from './host-dependents.js'

/**
 * The Deployments a Task change concerns: its own, always; when the Task came, went or changed host or Job, every
 * Deployment of its Job (it holds the host against them, job-once.ts); the Deployment its hand deploy hands the host
 * over to (which waits for it to stop, migrate.ts); and when the load it puts on its host changed, the replica
 * Deployments that may place there and have not got all their replicas (see unsettledOn). A status report of a
 * settled fleet thus concerns its own Deployment only.
 */
export function dependentsOfTask(
  caches: HandlerCaches,
  task: Task,
  old: Task | undefined,
  type: ChangeType,
): Set<string> {
  const before = type === 'ADDED' ? undefined : (old ?? task)
  const after = type === 'DELETED' ? undefined : task
  const found = new Set([task.spec.deployment, ...(old ? [old.spec.deployment] : [])])
  const add = (name: string | undefined) => name !== undefined && found.add(name)
  if (holdOf(before) !== holdOf(after)) {
    for (const job of new Set([before?.spec.job, after?.spec.job]))
      if (job !== undefined) for (const d of caches.deployments.byIndex(DEPLOYMENTS_BY_JOB, job)) add(d.metadata.name)
  }
  for (const t of [before, after]) if (t) add(handoverOf(caches, t))
  if (loadOf(before) !== loadOf(after)) {
    for (const host of new Set([before?.spec.host, after?.spec.host]))
      if (host !== undefined) for (const d of unsettledOn(caches, host)) add(d.metadata.name)
  }
  return found
}

/**
 * Replica Deployments that may place on `host` and whose main Task count differs from spec.replicas: only those weigh
 * other Deployments' load (placement.ts). One with exactly its replicas keeps them where they are whatever the load;
 * when one of those is to go (its host drained, DOWN too long, no longer a candidate) its own Task's deletion, or the
 * Host or Deployment change behind it, wakes it, and it weighs the load then.
 */
function unsettledOn(caches: HandlerCaches, host: string): Deployment[] {
  const registered = caches.hosts.get(host)
  const placing = [
    ...caches.deployments.byIndex(DEPLOYMENTS_PLACING_ON, host),
    ...caches.deployments.byIndex(DEPLOYMENTS_PLACING_ON, ANY_HOST),
  ]
  return placing.filter((d) => {
    const candidate = d.spec.hosts.includes(host) || (registered !== undefined && mayTake(d, registered))
    if (!candidate) return false
    const own = caches.tasks.byIndex(TASKS_BY_DEPLOYMENT, d.metadata.name)
    return own.filter((t) => !isSurgeTask(t.metadata.name)).length !== d.spec.replicas
  })
}

/** What of a Task holds a host for its Job against other Deployments (occupantsOf reads Tasks' spec only). */
const holdOf = (t: Task | undefined) => t && `${t.spec.deployment}\n${t.spec.host}\n${t.spec.job}`

/** What of a Task weighs on its host (placement-load.ts): a START Task's host, Job and resources (Jobs never change). */
const loadOf = (t: Task | undefined) => {
  if (t?.spec.goal !== 'START') return undefined
  const r = t.spec.jobSpec.resources
  return JSON.stringify([t.spec.host, t.spec.job, r?.memory ?? null, r?.cpuShares ?? null])
}

/**
 * The Deployments a Deployment change concerns besides itself, when it came, went, or changed what holds hosts for a
 * Job or hands them over (holdsOf): the Deployments of its Jobs before and after (job-once, migrate's takeover), those it
 * hands hosts over to and the hand deploys handing hosts to it (migrate's release, and their `reclaimed` when it goes).
 * Its rollout's progress in status concerns no other.
 */
export function dependentsOfDeployment(
  caches: HandlerCaches,
  d: Deployment,
  old: Deployment | undefined,
  type: ChangeType,
): Set<string> {
  const found = new Set<string>()
  if (type === 'MODIFIED' && old && holdsOf(old) === holdsOf(d)) return found
  const versions = old ? [old, d] : [d]
  for (const job of new Set(versions.flatMap(jobsOf)))
    for (const other of caches.deployments.byIndex(DEPLOYMENTS_BY_JOB, job)) found.add(other.metadata.name)
  for (const v of versions) for (const to of Object.values(handedOver(v.metadata.annotations))) found.add(to)
  for (const from of caches.deployments.byIndex(DEPLOYMENTS_MIGRATING_TO, d.metadata.name))
    found.add(from.metadata.name)
  found.delete(d.metadata.name)
  return found
}

/** What of a Deployment other Deployments' reconciles read (job-occupancy.ts, migrate.ts). */
function holdsOf(d: Deployment): string {
  const { job, hosts, hostSelector, replicas } = d.spec
  const notes = [d.metadata.annotations[IMPERATIVE_ANNOTATION], d.metadata.annotations[MIGRATING_ANNOTATION]]
  return JSON.stringify([job, d.status?.rollout?.job, hosts, hostSelector, replicas, d.status?.hosts, notes])
}
