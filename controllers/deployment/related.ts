/** @module The other Deployments one reconcile of a Deployment reads, found through the indexes rather than a scan of all. */
import { type Deployment, handedOver, type Task } from '../../apis/index.js'
import { DEPLOYMENTS_BY_JOB, DEPLOYMENTS_MIGRATING_TO, TASKS_BY_JOB } from '../indexes.js'
import type { Lister } from '../lister.js'

/**
 * `deployment` and every Deployment a pass over it may read: those using its Job (`job`, the effective one), whether by
 * spec or by a Task still running it (job-once.ts: they hold hosts for it; migrate.ts: hand deploys to take over), the
 * hand deploys handing hosts over to it (migrate's release), and the Deployments it hands hosts over to (whether they
 * still exist decides `reclaimed`). No other Deployment changes what the pass decides.
 */
export function relatedDeployments(
  deployment: Deployment,
  job: string | undefined,
  deployments: Pick<Lister<Deployment>, 'get' | 'byIndex'>,
  tasks: Pick<Lister<Task>, 'byIndex'>,
): Deployment[] {
  const name = deployment.metadata.name
  const found = new Map<string, Deployment>([[name, deployment]])
  const add = (d: Deployment | undefined) => {
    if (d && !found.has(d.metadata.name)) found.set(d.metadata.name, d)
  }
  if (job !== undefined) {
    for (const d of deployments.byIndex(DEPLOYMENTS_BY_JOB, job)) add(d)
    for (const t of tasks.byIndex(TASKS_BY_JOB, job))
      if (!found.has(t.spec.deployment)) add(deployments.get(t.spec.deployment))
  }
  for (const d of deployments.byIndex(DEPLOYMENTS_MIGRATING_TO, name)) add(d)
  for (const to of Object.values(handedOver(deployment.metadata.annotations))) add(deployments.get(to))
  return [...found.values()]
}
