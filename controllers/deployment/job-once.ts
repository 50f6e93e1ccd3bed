/**
 * @module Never two of one Job on a host, in the controller (pure): a Deployment gets no new Task of its Job on a host
 * where another Deployment's Task runs that Job or where another Deployment names the host for it, and no Task of it
 * moves onto the Job there; it waits and says why. Its own surge Task is its own, so overlap is allowed.
 */
import {
  type Deployment,
  type Host,
  isSurgeTask,
  type Occupant,
  occupantsOf,
  occupiedMessage,
  type Task,
} from '../../apis/index.js'
import { alphaNumeric } from './desired.js'
import type { TaskAction } from './task-actions.js'

export interface JobOnceFacts {
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  hosts: readonly Host[]
}

const LISTED = 5

/**
 * Hosts among `candidates` where `deployment` may not start `job`, each with its reason: another Deployment's Task runs
 * the Job there, or another Deployment names the host for it (named hosts win over selected ones). Hosts where the
 * Deployment already has its main Task are not judged (it keeps what it runs).
 */
export function blockedHosts(
  deployment: Deployment,
  job: string,
  candidates: readonly string[],
  facts: JobOnceFacts,
): Map<string, string> {
  const name = deployment.metadata.name
  const own = new Set(
    facts.tasks.filter((t) => t.spec.deployment === name && !isSurgeTask(t.metadata.name)).map((t) => t.spec.host),
  )
  const occupants = occupantsOf(job, facts, name)
  const blocked = new Map<string, string>()
  for (const host of candidates) {
    if (own.has(host)) continue
    const holder = (occupants.get(host) ?? []).find((o) => o.via === 'task' || o.via === 'named')
    if (holder) blocked.set(host, reason(job, holder, name))
  }
  return blocked
}

/** Why a host is blocked: the other Deployment, in Helios' words, or the migrate handover being waited for. */
function reason(job: string, o: Occupant, me: string): string {
  if (o.handingOverTo === me) return `${WAITING} "${o.deployment}" to stop job ${job} there (migrate)`
  return `${occupiedMessage(job, o)} (JOB_ALREADY_DEPLOYED)`
}

const WAITING = 'waiting for deployment'

/** Whether a blocked host is only waiting for a hand deploy to hand it over: it stays a target, its Task held back. */
export const isHandover = (why: string): boolean => why.startsWith(WAITING)

/**
 * Drops the Task creates and updates that would run a Job on a host where another Deployment's Task runs it (a race
 * the apiserver's Task claim would refuse anyway), returning the rest and a reason per host held back.
 */
export function withoutDuplicates(
  actions: readonly TaskAction[],
  deployment: string,
  tasks: readonly Task[],
): { actions: TaskAction[]; held: Map<string, string> } {
  const running = new Map<string, string>()
  for (const t of tasks) {
    if (t.spec.deployment !== deployment) running.set(`${t.spec.host} ${t.spec.job}`, t.spec.deployment)
  }
  const held = new Map<string, string>()
  const kept = actions.filter((a) => {
    if (a.verb === 'delete') return true
    const spec = a.verb === 'create' ? a.task.spec : a.spec
    if (a.verb === 'update' && a.task.spec.job === spec.job) return true
    const other = running.get(`${spec.host} ${spec.job}`)
    if (other === undefined) return true
    held.set(spec.host, `job ${spec.job} already runs on ${spec.host} for deployment "${other}" (JOB_ALREADY_DEPLOYED)`)
    return false
  })
  return { actions: kept, held }
}

/** `h1: …; h2: …`, the first few hosts, for status.message. */
export function blockedMessage(blocked: ReadonlyMap<string, string>): string | undefined {
  if (blocked.size === 0) return undefined
  const hosts = [...blocked.keys()].sort(alphaNumeric)
  const listed = hosts.slice(0, LISTED).map((h) => `${h}: ${blocked.get(h)}`)
  const more = hosts.length > LISTED ? [`and ${hosts.length - LISTED} more hosts`] : []
  return [...listed, ...more].join('; ')
}
