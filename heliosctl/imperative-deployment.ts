/** @module Helios' host-by-host deploy/undeploy expressed as edits of Deployments (pure; the verbs do the I/O). */
import { API_VERSION, type Deployment, type DeploymentInput, type Goal, IMPERATIVE_ANNOTATION } from '../apis/index.js'
import { withHostGoals } from './host-goals.js'

/** `nginx:v1` → `nginx-v1`: the Deployment `deploy` creates or edits for a Job. */
export const imperativeName = (jobName: string): string => jobName.replaceAll(':', '-')

/** The Deployment after `deploy JOB HOSTS`: a new one, or `existing` with the hosts added and the goal set. */
export function deployTo(
  existing: Deployment | undefined,
  jobName: string,
  hosts: readonly string[],
  goal: Goal,
): DeploymentInput {
  if (!existing) {
    return {
      apiVersion: API_VERSION,
      kind: 'Deployment',
      metadata: { name: imperativeName(jobName), annotations: { [IMPERATIVE_ANNOTATION]: 'true' } },
      spec: { job: jobName, hosts: [...new Set(hosts)].sort(), goal },
    }
  }
  const union = [...new Set([...existing.spec.hosts, ...hosts])].sort()
  // The named hosts follow the goal deployed now, whatever start/stop said before.
  return { ...existing, spec: withHostGoals({ ...existing.spec, hosts: union, goal }, hosts, undefined) }
}

export interface HostOutcome {
  host: string
  /** Why the host could not be undeployed; absent when it was. */
  failure?: string
  /** Helios' JobUndeployResponse status of a failure it had a word for (the job is not on the host). */
  heliosStatus?: 'JOB_NOT_FOUND'
}

export interface UndeployPlan {
  update: Deployment[]
  remove: Deployment[]
  outcomes: HostOutcome[]
}

/**
 * Removes `hosts` from every Deployment of the Job. A Deployment left with no hosts and no
 * hostSelector is deleted. A host reached only through a hostSelector cannot be removed host by host.
 */
export function planUndeploy(deployments: readonly Deployment[], hosts: readonly string[]): UndeployPlan {
  const plan: UndeployPlan = { update: [], remove: [], outcomes: [] }
  for (const d of deployments) {
    const remaining = d.spec.hosts.filter((h) => !hosts.includes(h))
    if (remaining.length === d.spec.hosts.length) continue
    if (remaining.length === 0 && d.spec.hostSelector.length === 0) plan.remove.push(d)
    else plan.update.push({ ...d, spec: withHostGoals({ ...d.spec, hosts: remaining }, hosts, undefined) })
  }
  for (const host of hosts) {
    const named = deployments.some((d) => d.spec.hosts.includes(host))
    const selector = deployments.find((d) => d.status?.hosts.includes(host) && d.spec.hostSelector.length > 0)
    if (named) plan.outcomes.push({ host })
    else if (selector)
      plan.outcomes.push({
        host,
        failure: `selected by the hostSelector of deployment ${selector.metadata.name}; edit that Deployment`,
      })
    else plan.outcomes.push({ host, failure: 'job is not deployed on this host', heliosStatus: 'JOB_NOT_FOUND' })
  }
  return plan
}

/** Every host the Deployments target (named or selected), sorted. */
export const deployedHosts = (deployments: readonly Deployment[]): string[] =>
  [...new Set(deployments.flatMap((d) => [...d.spec.hosts, ...(d.status?.hosts ?? [])]))].sort()
