/**
 * @module Never two of one Job on a host, at write time: a Deployment write that would run its Job (name:version) on a
 * host where another Deployment runs it, or names it, or targets it, is refused with Helios' JOB_ALREADY_DEPLOYED naming
 * that Deployment; with rollout.migrate a hand deploy (heliosctl deploy) there hands the host over instead, in the
 * same transaction as the write (WriteOptions.alongside).
 */
import {
  ApiError,
  type Deployment,
  type DeployRefusal,
  type Host,
  handedOver,
  isSurgeTask,
  type Job,
  type Occupant,
  occupantsOf,
  occupiedMessage,
  refusalCause,
  refusalMessage,
  resolveRolloutOptions,
  selectableHosts,
  type Task,
  withHandedOver,
} from '../../apis/index.js'
import type { Store } from '../storage/store.js'

/** A hand deploy after handing hosts over: its Task there stops (hostGoals STOP) and it lets go of its claims there. */
export interface Handover {
  deployment: Deployment
  hosts: string[]
}

/** The facts a write is judged on, read from the watch cache. */
export interface JobOnceFacts {
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  hosts: readonly Host[]
}

/**
 * Throws Conflict (JOB_ALREADY_DEPLOYED, one cause per host) when `next` would run its Job on a host another
 * Deployment holds for it; returns the hand deploys `next` takes hosts over from (migrate). Hosts where `next` already
 * runs the Job, and (same Job) hosts `current` reached already, are not judged again: a write that adds nothing new
 * is never refused for an older state (the controller holds such hosts back and says why).
 */
export function judgeJobOnce(next: Deployment, job: Job, facts: JobOnceFacts, current?: Deployment): Handover[] {
  const name = next.metadata.name
  const jobName = job.metadata.name
  const occupants = occupantsOf(jobName, facts, name)
  const { migrate } = resolveRolloutOptions({
    overrides: next.spec.rolloutOverrides,
    job: job.spec.rolloutOptions,
    declared: next.spec.rollout,
  })
  const byName = new Map(facts.deployments.map((d) => [d.metadata.name, d]))
  const refusals: DeployRefusal[] = []
  const taken = new Map<string, string[]>()
  // Keeping its Job, a write is judged on the hosts it adds: a goal or option change never trips on an older state.
  const before = new Set(current?.spec.job === jobName ? hostsJudged(current, jobName, facts) : [])
  for (const host of hostsJudged(next, jobName, facts).filter((h) => !before.has(h))) {
    for (const o of occupants.get(host) ?? []) {
      if (o.handingOverTo === name) continue
      const from = byName.get(o.deployment)
      if (migrate && o.imperative && from?.spec.job === jobName && from.spec.hosts.includes(host)) {
        taken.set(o.deployment, [...(taken.get(o.deployment) ?? []), host])
        continue
      }
      refusals.push({ host, status: 'JOB_ALREADY_DEPLOYED', message: `${occupiedMessage(jobName, o)}${hint(o)}` })
      break
    }
  }
  if (refusals.length > 0) {
    throw new ApiError('Conflict', refusalMessage(refusals), { causes: refusals.map(refusalCause) })
  }
  return [...taken].map(([deployment, hosts]) => handOver(byName.get(deployment) as Deployment, hosts, name))
}

/** Reads the facts and judges `next` (see judgeJobOnce). */
export async function checkJobOnce(
  store: Store,
  next: Deployment,
  job: Job,
  current?: Deployment,
): Promise<Handover[]> {
  const [deployments, tasks, hosts] = await Promise.all([
    store.list('Deployment'),
    store.list('Task'),
    store.list('Host'),
  ])
  return judgeJobOnce(
    next,
    job,
    {
      deployments: deployments.items as Deployment[],
      tasks: tasks.items as Task[],
      hosts: hosts.items as Host[],
    },
    current,
  )
}

/**
 * The hosts `next` would run its Job on: those it names and, without replicas, those its selector reaches (replicas
 * are placed around other Deployments by the controller instead). Hosts it already runs the Job on are left out.
 */
function hostsJudged(next: Deployment, job: string, facts: JobOnceFacts): string[] {
  const name = next.metadata.name
  const running = new Set(
    facts.tasks
      .filter((t) => t.spec.deployment === name && t.spec.job === job && !isSurgeTask(t.metadata.name))
      .map((t) => t.spec.host),
  )
  const selected = next.spec.replicas === undefined ? selectableHosts(next, facts.hosts) : []
  return [...new Set([...next.spec.hosts, ...selected])].filter((h) => !running.has(h)).sort()
}

function hint(o: Occupant): string {
  return o.imperative
    ? ' (heliosctl deploy); rolling-update --migrate (rollout.migrate) takes a hand deploy over'
    : '; change or remove that deployment first'
}

/** `from` handing `hosts` over to `to`: goal STOP there, and the handover recorded (see MIGRATING_ANNOTATION). */
function handOver(from: Deployment, hosts: string[], to: string): Handover {
  const annotations = from.metadata.annotations
  const moving = { ...handedOver(annotations), ...Object.fromEntries(hosts.map((h) => [h, to])) }
  const hostGoals = { ...from.spec.hostGoals, ...Object.fromEntries(hosts.map((h) => [h, 'STOP' as const])) }
  const metadata = {
    ...from.metadata,
    annotations: withHandedOver(annotations, moving),
    generation: (from.metadata.generation ?? 1) + 1,
  }
  return { deployment: { ...from, metadata, spec: { ...from.spec, hostGoals } }, hosts }
}
