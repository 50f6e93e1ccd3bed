/** @module Which Tasks a drain moves off a host, and which stay (the controller's rule, said in words). Pure. */
import type { Deployment, Task } from '../apis/index.js'

export interface DrainEntry {
  task: string
  deployment: string
  moves: boolean
  reason: string
}

/**
 * Replica Tasks move (placement skips drained hosts) and so do selector Tasks; a Deployment that names
 * the host in spec.hosts keeps its Task there, as does a Task whose Deployment is gone (nothing replaces it).
 */
export function drainPlan(host: string, tasks: readonly Task[], deployments: readonly Deployment[]): DrainEntry[] {
  const byName = new Map(deployments.map((d) => [d.metadata.name, d]))
  return tasks
    .filter((t) => t.spec.host === host)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((t) => {
      const deployment = t.spec.deployment
      const entry = (moves: boolean, reason: string) => ({ task: t.metadata.name, deployment, moves, reason })
      const d = byName.get(deployment)
      if (!d) return entry(false, `deployment ${deployment} not found`)
      if (d.spec.replicas !== undefined)
        return entry(true, `deployment ${deployment} places ${d.spec.replicas} replicas`)
      if (d.spec.hosts.includes(host)) return entry(false, `deployment ${deployment} names ${host} explicitly`)
      return entry(true, `deployment ${deployment} selects hosts by label`)
    })
}

/** `task/x will move (…)` or `task/x stays (…)`. */
export const drainLine = (e: DrainEntry): string => `task/${e.task} ${e.moves ? 'will move' : 'stays'} (${e.reason})`
