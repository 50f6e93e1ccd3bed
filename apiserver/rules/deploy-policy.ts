/** @module The admission policy at deploy time: a Job stored under a looser policy is not newly run under a stricter one. */
import { ApiError, type Deployment, goalOn, isNotFound, type Job } from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import type { AdmissionPolicy } from './admission-policy.js'
import { jobPolicyViolations, quote } from './security-policy.js'

const runsSomewhere = (d: Deployment): boolean =>
  d.spec.goal === 'START' || Object.values(d.spec.hostGoals ?? {}).includes('START')

const placement = (d: Deployment): string =>
  JSON.stringify([d.spec.hosts, d.spec.hostSelector, d.spec.replicas, d.spec.restartedAt])

/**
 * Whether writing `next` over `current` may start the Job's containers where they did not run: a new
 * Deployment, another Job, a goal turned START (on the whole or on one host), or a change of the hosts,
 * selector, replicas or restart stamp. Pausing, rollout options and stopping change nothing the policy judges,
 * so an operator tightening the policy can still stop, pause or undeploy what runs under the old one.
 */
export function startsJob(next: Deployment, current: Deployment | undefined): boolean {
  if (next.spec.job === undefined || !runsSomewhere(next)) return false
  if (!current || current.spec.job !== next.spec.job || placement(current) !== placement(next)) return true
  if (current.spec.goal !== 'START' && next.spec.goal === 'START') return true
  const hosts = Object.keys({ ...current.spec.hostGoals, ...next.spec.hostGoals })
  return hosts.some((host) => goalOn(current, host) !== 'START' && goalOn(next, host) === 'START')
}

/**
 * Judges the Job `next` names by the current policy when the write may start it (startsJob): 422, causes
 * on `spec.job` naming the Job's refused fields and their flags. A missing Job is left to the Deployment's
 * other rules, which report it.
 */
export async function checkDeploymentPolicy(
  store: Store,
  next: Deployment,
  current: Deployment | undefined,
  policy: AdmissionPolicy,
): Promise<void> {
  const name = next.spec.job
  if (name === undefined || !startsJob(next, current)) return
  const job = (await store.get('Job', name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })) as Job | undefined
  if (!job) return
  const violations = jobPolicyViolations(job.spec, policy)
  const [first] = violations
  if (!first) return
  const causes = violations.map((v) => ({ field: 'spec.job', message: `job ${quote(name)} ${v.field}: ${v.message}` }))
  const more = causes.length > 1 ? ` (and ${causes.length - 1} more)` : ''
  const message = `job ${quote(name)} was stored under a looser admission policy; this apiserver's policy refuses to run it: ${first.field}: ${first.message}${more}`
  throw new ApiError('Invalid', message, { causes })
}
