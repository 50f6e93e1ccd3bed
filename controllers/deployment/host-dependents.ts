/** @module Which Deployments a Host change concerns, and which Host changes concern any (a heartbeat does not). */
import {
  type Deployment,
  type Host,
  type HostSelector,
  handedOver,
  hostLabels,
  matchesAll,
  ownValue,
  parseHostSelector,
  type Task,
} from '../../apis/index.js'
import { ANY_HOST, DEPLOYMENTS_BY_HOST, TASKS_BY_HOST } from '../indexes.js'
import type { Lister } from '../lister.js'

/** The caches the event handlers read, by name and by index (indexes.ts). */
export interface HandlerCaches {
  deployments: Pick<Lister<Deployment>, 'get' | 'byIndex'>
  tasks: Pick<Lister<Task>, 'byIndex'>
  hosts: Pick<Lister<Host>, 'get'>
}

/**
 * Whether a Host changed in anything the deployment reconcile reads (targets.ts, placement, job-once, migrate): its
 * labels (the agent's under the users'), cordon and drain, whether it reported, UP/DOWN, since when DOWN, and its
 * capacity. A heartbeat moves lastHeartbeat, free memory and load average: none of these while it is UP.
 */
export const hostFactsChanged = (old: Host, now: Host): boolean => factsOf(old) !== factsOf(now)

function factsOf(host: Host): string {
  const s = host.status
  const labels = Object.entries(hostLabels(host)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // Placement counts a DOWN host's grace from downSince, else from its last heartbeat (placement.ts, downFor).
  const down = s?.state === 'DOWN' ? (s.downSince ?? s.lastHeartbeat) : null
  const info = s?.hostInfo
  const capacity = info ? [info.cpus, info.memoryTotalBytes] : null
  return JSON.stringify([labels, host.spec.drain, host.spec.unschedulable, s?.state ?? null, down, capacity])
}

/**
 * The Deployments a change of `host` (from `old`) may concern: those naming it or that targeted it last, those whose
 * selector matches it before or after (replicas on every host: any host), those with a Task on it, and the Deployments
 * such a Task's hand deploy is handing the host over to (they wait for that host's state, migrate.ts).
 */
export function dependentsOfHost(caches: HandlerCaches, host: Host, old?: Host): Set<string> {
  const name = host.metadata.name
  const found = new Set<string>()
  for (const d of caches.deployments.byIndex(DEPLOYMENTS_BY_HOST, name)) found.add(d.metadata.name)
  for (const d of caches.deployments.byIndex(DEPLOYMENTS_BY_HOST, ANY_HOST)) {
    if (mayTake(d, host) || (old !== undefined && mayTake(d, old))) found.add(d.metadata.name)
  }
  for (const t of caches.tasks.byIndex(TASKS_BY_HOST, name)) {
    found.add(t.spec.deployment)
    const to = handoverOf(caches, t)
    if (to !== undefined) found.add(to)
  }
  return found
}

/** Whether a Deployment may take `host` without naming it: its selector matches, or its replicas go on every host. */
export function mayTake(d: Deployment, host: Host): boolean {
  if (d.spec.hostSelector.length === 0) return d.spec.replicas !== undefined && d.spec.hosts.length === 0
  return matchesAll(hostLabels(host), selectorsOf(d))
}

/** The Deployment a Task's own Deployment is handing the Task's host over to (migrate), if any. */
export function handoverOf(caches: Pick<HandlerCaches, 'deployments'>, task: Task): string | undefined {
  const owner = caches.deployments.get(task.spec.deployment)
  return owner && ownValue(handedOver(owner.metadata.annotations), task.spec.host)
}

// Cached objects are frozen and replaced on change: parsed selectors can be kept per object.
const parsed = new WeakMap<Deployment, HostSelector[]>()
function selectorsOf(d: Deployment): HostSelector[] {
  let selectors = parsed.get(d)
  if (!selectors) {
    selectors = d.spec.hostSelector.map(parseHostSelector).filter((s): s is HostSelector => typeof s !== 'string')
    parsed.set(d, selectors)
  }
  return selectors
}
