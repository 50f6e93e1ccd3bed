/** @module Helios' migrate (pure): a Deployment with rollout.migrate takes its hosts over from hand deploys of its Job. */
import { type Deployment, IMPERATIVE_ANNOTATION } from '../../apis/index.js'

/** A hand deploy to shrink: `hosts` are the ones it keeps (none: delete it). */
export interface Migration {
  from: Deployment
  hosts: string[]
}

const jobBase = (job: string): string => job.slice(0, job.indexOf(':'))

/**
 * Deployments made by `heliosctl deploy` (annotated IMPERATIVE_ANNOTATION) of any version of the same Job
 * name on hosts `deployment` now targets. Helios adopted only a hand-deployed copy of the very same job id;
 * any version is adopted here, since moving a hand-deployed service under a group is also how it gets upgraded.
 */
export function migrations(
  deployment: Deployment,
  targets: readonly string[],
  all: readonly Deployment[],
): Migration[] {
  if (!deployment.spec.rollout.migrate || deployment.spec.job === undefined) return []
  const ours = new Set(targets)
  const base = jobBase(deployment.spec.job)
  return all
    .filter(
      (d) =>
        d.metadata.name !== deployment.metadata.name &&
        d.metadata.annotations[IMPERATIVE_ANNOTATION] === 'true' &&
        d.spec.job !== undefined &&
        jobBase(d.spec.job) === base &&
        d.spec.hosts.some((h) => ours.has(h)),
    )
    .map((from) => ({ from, hosts: from.spec.hosts.filter((h) => !ours.has(h)) }))
}
