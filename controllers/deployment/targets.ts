/** @module Pure choice of a Deployment's target hosts: named and selected hosts, or placed replicas. */
import { type Deployment, type Host, isSurgeTask, type Job, type ReplicaStatus, type Task } from '../../apis/index.js'
import { TASKS_BY_DEPLOYMENT, TASKS_BY_JOB } from '../indexes.js'
import type { Lister } from '../lister.js'
import { targetHosts } from './desired.js'
import { blockedHosts, isHandover } from './job-once.js'
import { placeReplicas } from './placement.js'
import { candidateHosts } from './placement-candidates.js'
import { replicaStatus } from './replicas-status.js'

export interface Targets {
  hosts: string[]
  replicas?: ReplicaStatus
  requeueAfterMs?: number
  /** The hosts it would target were none held by another Deployment for its Job (migrate hands those over). */
  wanted: string[]
  /**
   * Hosts another Deployment runs or names the Job on (job-once.ts), with why: set aside, except those a hand deploy is
   * handing over (migrate), which stay targets so the rollout waits for them (their Task is held back until then).
   */
  blocked: Map<string, string>
}

/**
 * Without `replicas`: targetHosts (with cordon and drain rules), less the hosts another Deployment holds for the same
 * Job (`blocked`, said in status.message). With it: placeReplicas, weighing each host it looks at by the Tasks on it
 * (other Deployments' load), passing over such hosts with their reason. Without the Job, placement cannot run, so the
 * hosts last recorded in status stay the target rather than every Task being dropped. Tasks are read by index only:
 * this Deployment's, its Job's (others holding hosts for it) and, for placement, those of the hosts weighed.
 */
export function chooseTargets(input: {
  deployment: Deployment
  job: Job | undefined
  hosts: readonly Host[]
  tasks: Pick<Lister<Task>, 'byIndex'>
  /** The Deployments that may hold hosts for its Job (related.ts); every one would do. */
  deployments?: readonly Deployment[]
  jobs: (name: string) => Job | undefined
  now: number
}): Targets {
  const { deployment, job } = input
  const name = deployment.metadata.name
  const owned = input.tasks.byIndex(TASKS_BY_DEPLOYMENT, name)
  const replicas = deployment.spec.replicas
  const blocking = (candidates: readonly string[]) => {
    if (!job) return new Map<string, string>()
    const others = input.tasks.byIndex(TASKS_BY_JOB, job.metadata.name).filter((t) => t.spec.deployment !== name)
    const facts = { deployments: input.deployments ?? [], tasks: [...owned, ...others], hosts: input.hosts }
    return blockedHosts(deployment, job.metadata.name, candidates, facts)
  }
  if (replicas === undefined) {
    const withTasks = new Set(owned.filter((t) => !isSurgeTask(t.metadata.name)).map((t) => t.spec.host))
    const wanted = targetHosts(deployment, input.hosts, withTasks)
    const blocked = blocking(wanted)
    const setAside = (h: string) => blocked.has(h) && !isHandover(blocked.get(h) ?? '')
    return { hosts: wanted.filter((h) => !setAside(h)), wanted, blocked }
  }
  if (!job) {
    const hosts = [...(deployment.status?.hosts ?? [])]
    return { hosts, wanted: hosts, blocked: new Map() }
  }
  const blocked = blocking(candidateHosts(deployment, input.hosts))
  const placement = placeReplicas({ ...input, job, blocked })
  return {
    hosts: placement.hosts,
    replicas: replicaStatus(replicas, placement, owned),
    ...(placement.requeueAfterMs === undefined ? {} : { requeueAfterMs: placement.requeueAfterMs }),
    wanted: [...new Set([...placement.hosts, ...deployment.spec.hosts])],
    blocked: new Map(),
  }
}
