/** @module Dynamic scheduling: which hosts a Deployment's `spec.replicas` Tasks run on (pure, no I/O). */
/*
 * Rules:
 * - Candidates: `spec.hosts` ∪ registered hosts matching `spec.hostSelector`; every registered host when both
 *   are empty. At most one replica per host: Helios runs one instance of a Job per host (static ports would
 *   clash anyway), so replicas spread over hosts by construction.
 * - Sticky: a host already running this Deployment's Task (surge Tasks aside) keeps it while it is still a
 *   candidate, not drained, and not DOWN for `spec.rescheduleAfterSeconds` or longer (DOWN since its last
 *   heartbeat). A host that never reported (no status, or not registered) keeps its Task. Cordoning keeps it.
 * - Scale down: surplus kept Tasks go from DOWN hosts first, then from the most loaded hosts (same order as
 *   below), ties by reverse name order.
 * - New replicas go only to UP, uncordoned, undrained candidates without this Deployment's Task, where no other
 *   Deployment runs or names the same Job (`blocked`, job-once.ts: never two of one Job on a host), whose
 *   requests (goal START Tasks' `jobSpec.resources`: memory bytes, cpuShares with 1024 = one core) plus the
 *   Job's fit in `status.hostInfo`. A Job without resources fits anywhere; so does any Job on a host that has
 *   not reported machine facts. Least loaded first: max(memory, cpu fraction) after adding the Job, then the
 *   host's START Task count, then host name (numeric-aware).
 * - pending = replicas − placed, with a message naming why candidates were passed over; requeueAfterMs is
 *   the time until the first kept Task on a DOWN host runs out of grace, so no event is needed to re-place it.
 */
import { type Deployment, type Host, isSurgeTask, type Job, type Task } from '../../apis/index.js'
import { TASKS_BY_DEPLOYMENT, TASKS_BY_HOST } from '../indexes.js'
import type { Lister } from '../lister.js'
import { alphaNumeric } from './desired.js'
import { candidateHosts } from './placement-candidates.js'
import { add, type HostLoad, hostLoad, misfit, type Request, requestOf, usedFraction } from './placement-load.js'
import { pendingMessage } from './placement-message.js'

export interface PlacementInput {
  deployment: Deployment
  job: Job
  hosts: readonly Host[]
  /** The Tasks cache, read by index only: this Deployment's Tasks, and the Tasks of each host weighed (all of them load it). */
  tasks: Pick<Lister<Task>, 'byIndex'>
  /** Jobs by name, for the resources of other Tasks if their jobSpec lacks them (Task.spec.jobSpec has the copy — prefer it). */
  jobs: (name: string) => Job | undefined
  now: number
  /** Candidates another Deployment holds for this Job (job-once.ts): no new replica there, with this reason. */
  blocked?: ReadonlyMap<string, string>
}

/** Hosts sorted numeric-aware; `pending` replicas found no host (`message` says why). */
export interface Placement {
  hosts: string[]
  pending: number
  message?: string
  requeueAfterMs?: number
}

interface Ranked {
  host: string
  /** Set for a kept Task on a DOWN host: how long it has been DOWN. */
  downForMs?: number
  score: number
  tasks: number
}

/**
 * Places `spec.replicas` (every candidate when unset) Tasks by the rules above. Loads are weighed only for the hosts
 * that need it, each from its own Tasks: a Deployment whose replicas all stay where they are reads no other host's.
 */
export function placeReplicas(input: PlacementInput): Placement {
  const { deployment, job, hosts } = input
  const byName = new Map(hosts.map((h) => [h.metadata.name, h]))
  const candidates = candidateHosts(deployment, hosts)
  const loads = new Map<string, HostLoad>()
  const loadOf = (host: string): HostLoad => {
    let load = loads.get(host)
    if (!load) {
      load = hostLoad(byName.get(host), input.tasks.byIndex(TASKS_BY_HOST, host), input.jobs)
      loads.set(host, load)
    }
    return load
  }
  const replicas = deployment.spec.replicas ?? candidates.length
  const graceMs = deployment.spec.rescheduleAfterSeconds * 1000

  const stay = keptTasks(input, candidates, byName, graceMs)
  // Only a scale down ranks the kept Tasks (which go); otherwise they all stay, whatever their hosts' load.
  const kept =
    stay.length > replicas
      ? stay
          .map((k) => ({ ...k, ...rank(loadOf(k.host)) }))
          .sort(byPreference)
          .slice(0, replicas)
      : stay
  const taken = new Set(kept.map((k) => k.host))
  const need = requestOf(job.spec.resources)
  const reasons = new Map<string, string>()
  const open: Ranked[] = []
  // With every replica kept, no other candidate can change the answer (nothing is added, nothing is pending).
  const looking = kept.length < replicas
  for (const host of looking ? candidates.filter((c) => !taken.has(c)) : []) {
    const load = loadOf(host)
    const why = input.blocked?.get(host) ?? unplaceable(byName.get(host), load, need)
    if (why) reasons.set(host, why)
    else open.push({ host, ...rank({ ...load, requested: add(load.requested, need) }) })
  }
  const added = open.sort(byPreference).slice(0, Math.max(0, replicas - kept.length))

  const placed = [...kept, ...added].map((r) => r.host).sort(alphaNumeric)
  const pending = replicas - placed.length
  const message =
    pending > 0
      ? pendingMessage({ pending, replicas, candidates, reasons, everyHost: isEveryHost(deployment) })
      : undefined
  const waits = kept.flatMap((k) => (k.downForMs === undefined ? [] : [Math.max(1, Math.ceil(graceMs - k.downForMs))]))
  return {
    hosts: placed,
    pending,
    ...(message && { message }),
    ...(waits.length > 0 && { requeueAfterMs: Math.min(...waits) }),
  }
}

/** This Deployment's Tasks that stay where they are (before scale down, which ranks them). */
function keptTasks(
  input: PlacementInput,
  candidates: readonly string[],
  byName: ReadonlyMap<string, Host>,
  graceMs: number,
): Ranked[] {
  const name = input.deployment.metadata.name
  const own = input.tasks.byIndex(TASKS_BY_DEPLOYMENT, name).filter((t) => !isSurgeTask(t.metadata.name))
  const ownHosts = new Set(own.map((t) => t.spec.host))
  return candidates.flatMap((host) => {
    const h = byName.get(host)
    if (!ownHosts.has(host) || h?.spec.drain) return []
    const downForMs = downFor(h, input.now)
    if (downForMs !== undefined && downForMs >= graceMs) return []
    return [{ host, downForMs, score: 0, tasks: 0 }]
  })
}

/**
 * Milliseconds a host has been DOWN, from when the host controller marked it so (its clock: an agent's heartbeat
 * could claim any time), else from its last heartbeat; undefined unless it is DOWN.
 */
function downFor(host: Host | undefined, now: number): number | undefined {
  if (host?.status?.state !== 'DOWN') return undefined
  const since = Date.parse(host.status.downSince ?? host.status.lastHeartbeat)
  return Number.isNaN(since) ? Number.POSITIVE_INFINITY : Math.max(0, now - since)
}

/** Why a new replica cannot go to this candidate, or undefined when it can. */
function unplaceable(host: Host | undefined, load: HostLoad, need: Request): string | undefined {
  if (!host) return 'not registered'
  if (!host.status) return 'no heartbeat yet'
  if (host.status.state !== 'UP') return 'DOWN'
  if (host.spec.drain) return 'draining'
  if (host.spec.unschedulable) return 'cordoned'
  return misfit(load, need)
}

const rank = (load: HostLoad) => ({ score: usedFraction(load.requested, load.capacity), tasks: load.tasks })

/** Preferred first: hosts that are not DOWN, then least loaded, fewest Tasks, name. */
const byPreference = (a: Ranked, b: Ranked): number =>
  Number(a.downForMs !== undefined) - Number(b.downForMs !== undefined) ||
  a.score - b.score ||
  a.tasks - b.tasks ||
  alphaNumeric(a.host, b.host)

const isEveryHost = (d: Deployment): boolean => d.spec.hosts.length === 0 && d.spec.hostSelector.length === 0
