/** @module Pure choice of a Deployment's target hosts: named and selected hosts, or placed replicas. */
import { type Deployment, type Host, isSurgeTask, type Job, type ReplicaStatus, type Task } from '../../apis/index.js'
import { targetHosts } from './desired.js'
import { placeReplicas } from './placement.js'
import { replicaStatus } from './replicas-status.js'

export interface Targets {
  hosts: string[]
  replicas?: ReplicaStatus
  requeueAfterMs?: number
}

/**
 * Without `replicas`: targetHosts (with cordon and drain rules). With it: placeReplicas, given every Task in
 * the cluster for the load of other Deployments. Without the Job, placement cannot run, so the hosts last
 * recorded in status stay the target rather than every Task being dropped.
 */
export function chooseTargets(input: {
  deployment: Deployment
  job: Job | undefined
  hosts: readonly Host[]
  allTasks: readonly Task[]
  jobs: (name: string) => Job | undefined
  now: number
}): Targets {
  const { deployment, job } = input
  const name = deployment.metadata.name
  const owned = input.allTasks.filter((t) => t.spec.deployment === name)
  const replicas = deployment.spec.replicas
  if (replicas === undefined) {
    const withTasks = new Set(owned.filter((t) => !isSurgeTask(t.metadata.name)).map((t) => t.spec.host))
    return { hosts: targetHosts(deployment, input.hosts, withTasks) }
  }
  if (!job) return { hosts: [...(deployment.status?.hosts ?? [])] }
  const placement = placeReplicas({ ...input, job, tasks: input.allTasks })
  return {
    hosts: placement.hosts,
    replicas: replicaStatus(replicas, placement, owned),
    ...(placement.requeueAfterMs === undefined ? {} : { requeueAfterMs: placement.requeueAfterMs }),
  }
}
