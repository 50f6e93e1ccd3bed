/** @module Job expiry: when a Job's `spec.expires` passes, delete the Deployments using it, then the Job. */
import { type Deployment, type Job, splitKey } from '../../apis/index.js'
import type { Clock, Reconciler, Result } from '../../client/index.js'
import { DEPLOYMENTS_BY_JOB } from '../indexes.js'
import { ignoreNotFound, type Lister, type Writer } from '../lister.js'
import { expiryPlan } from './expiry.js'

export function jobExpiryReconciler(deps: {
  jobs: Lister<Job>
  /** Read through DEPLOYMENTS_BY_JOB (indexes.ts). */
  deployments: Lister<Deployment>
  writer: Writer
  clock: Clock
}): Reconciler {
  return {
    name: 'job-expiry',
    async reconcile(key): Promise<Result> {
      const job = deps.jobs.get(splitKey(key).name)
      if (!job) return {}
      const users = deps.deployments.byIndex(DEPLOYMENTS_BY_JOB, job.metadata.name)
      const plan = expiryPlan(job, users, deps.clock.now())
      if (plan.action === 'keep') return {}
      if (plan.action === 'wait') return { requeueAfterMs: plan.requeueAfterMs }
      // The Job's own token lets the controller undeploy and remove it (rules/job-token.ts in the apiserver).
      const opts = { jobToken: job.spec.token }
      for (const name of plan.deployments) await deps.writer.delete('Deployment', name, opts).catch(ignoreNotFound)
      // A Deployment the cache had not seen yet makes this a 409: the error requeues the key and we try again.
      await deps.writer.delete('Job', job.metadata.name, opts).catch(ignoreNotFound)
      return {}
    },
  }
}
