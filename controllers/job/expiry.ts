/** @module Pure: what a Job's `spec.expires` asks for now — nothing, wait, or remove its Deployments and then the Job. */
import type { Deployment, Job } from '../../apis/index.js'

/** setTimeout fires at once beyond 2^31-1 ms (~24.8 days): a far expiry is looked at again daily. */
export const MAX_WAIT_MS = 24 * 60 * 60 * 1000
/** Slack so that a timer firing a little early does not just wait again for a few ms. */
const SLACK_MS = 100

export type ExpiryPlan =
  | { action: 'keep' }
  | { action: 'wait'; requeueAfterMs: number }
  | { action: 'expire'; deployments: string[] }

/** Helios' ExpiredJobReaper: once `expires` has passed, undeploy (delete the Deployments using the Job), then remove it. */
export function expiryPlan(job: Job, deployments: readonly Deployment[], nowMs: number): ExpiryPlan {
  if (job.spec.expires === undefined) return { action: 'keep' }
  const remainingMs = Date.parse(job.spec.expires) - nowMs
  if (remainingMs > 0) return { action: 'wait', requeueAfterMs: Math.min(remainingMs + SLACK_MS, MAX_WAIT_MS) }
  const users = deployments.filter((d) => d.spec.job === job.metadata.name).map((d) => d.metadata.name)
  return { action: 'expire', deployments: users.sort() }
}
