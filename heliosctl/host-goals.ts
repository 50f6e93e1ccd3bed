/** @module Helios' `start`/`stop JOB HOST…` as per-host goals (`spec.hostGoals`) of the Deployments running the job (pure). */
import { type Deployment, type DeploymentSpec, type Goal, goalOn } from '../apis/index.js'

/** The hosts a Deployment runs on: named in its spec or chosen by the controller (selectors, replicas). */
export const hostsOf = (d: Deployment): string[] => [...new Set([...d.spec.hosts, ...(d.status?.hosts ?? [])])]

/**
 * `spec` with `hosts` set to `goal` (undefined = follow the Deployment's goal). An entry equal to the
 * Deployment's goal is dropped, and so is an empty map, so that stop then start leaves the spec as it was.
 */
export function withHostGoals(spec: DeploymentSpec, hosts: readonly string[], goal: Goal | undefined): DeploymentSpec {
  const goals: Record<string, Goal> = { ...spec.hostGoals }
  for (const host of hosts) {
    if (goal === undefined || goal === spec.goal) delete goals[host]
    else goals[host] = goal
  }
  const { hostGoals: _old, ...rest } = spec
  return Object.keys(goals).length > 0 ? { ...rest, hostGoals: goals } : rest
}

export interface GoalPlan {
  /** Deployment name → the hosts of it whose goal changes. */
  edits: Map<string, string[]>
  /** Hosts the job does not run on. */
  notDeployed: string[]
  /** Hosts already at the goal. */
  unchanged: string[]
}

/** Which Deployments (of one job) change for `hosts`; a host on several Deployments changes on each. */
export function planGoals(deployments: readonly Deployment[], hosts: readonly string[], goal: Goal): GoalPlan {
  const plan: GoalPlan = { edits: new Map(), notDeployed: [], unchanged: [] }
  for (const host of hosts) {
    const on = deployments.filter((d) => hostsOf(d).includes(host))
    if (on.length === 0) plan.notDeployed.push(host)
    const changing = on.filter((d) => goalOn(d, host) !== goal)
    if (on.length > 0 && changing.length === 0) plan.unchanged.push(host)
    for (const d of changing) plan.edits.set(d.metadata.name, [...(plan.edits.get(d.metadata.name) ?? []), host])
  }
  return plan
}
