/** @module Host load for replica placement: resource requests of a host's Tasks against its machine facts. */
import type { Host, Job, Task } from '../../apis/index.js'

/** One core in Docker's cpuShares, the unit Job resources are written in. */
export const SHARES_PER_CPU = 1024

/** What a Job asks of a host; absent dimensions ask nothing. */
export interface Request {
  memoryBytes: number
  cpuShares: number
}

/** A host's current requests, capacity (undefined when the agent has not reported machine facts) and Task count. */
export interface HostLoad {
  requested: Request
  capacity?: Request
  tasks: number
}

export const requestOf = (resources: Job['spec']['resources']): Request => ({
  memoryBytes: resources?.memory ?? 0,
  cpuShares: resources?.cpuShares ?? 0,
})

/**
 * A host's load from its Tasks (`tasks`: those bound to it) that are meant to run (goal START), surge Tasks included
 * since their containers hold resources too. A Task's own copy of the Job spec wins; the Job is only a fallback. A host
 * not registered (a named one) has no capacity: it cannot be judged.
 */
export function hostLoad(
  host: Host | undefined,
  tasks: readonly Task[],
  jobs: (name: string) => Job | undefined,
): HostLoad {
  const info = host?.status?.hostInfo
  const capacity = info && { memoryBytes: info.memoryTotalBytes, cpuShares: info.cpus * SHARES_PER_CPU }
  const load: HostLoad = { requested: { memoryBytes: 0, cpuShares: 0 }, capacity, tasks: 0 }
  for (const task of tasks) {
    if (task.spec.goal !== 'START') continue
    load.requested = add(load.requested, requestOf(task.spec.jobSpec.resources ?? jobs(task.spec.job)?.spec.resources))
    load.tasks += 1
  }
  return load
}

export const add = (a: Request, b: Request): Request => ({
  memoryBytes: a.memoryBytes + b.memoryBytes,
  cpuShares: a.cpuShares + b.cpuShares,
})

/** max(memory fraction, cpu fraction) of the capacity that `requested` takes; 0 without machine facts. */
export function usedFraction(requested: Request, capacity: Request | undefined): number {
  if (!capacity) return 0
  const fraction = (used: number, total: number) => (total > 0 ? used / total : 0)
  return Math.max(
    fraction(requested.memoryBytes, capacity.memoryBytes),
    fraction(requested.cpuShares, capacity.cpuShares),
  )
}

/**
 * Why `need` does not fit next to the host's current requests, or undefined when it does. Only the
 * dimensions the Job asks for are checked, and a host without machine facts cannot be judged, so it fits.
 */
export function misfit(load: HostLoad, need: Request): string | undefined {
  const { capacity, requested } = load
  if (!capacity) return undefined
  const freeMemory = capacity.memoryBytes - requested.memoryBytes
  if (need.memoryBytes > 0 && need.memoryBytes > freeMemory) {
    return `not enough memory (needs ${mebibytes(need.memoryBytes)}, ${mebibytes(freeMemory)} free)`
  }
  const freeShares = capacity.cpuShares - requested.cpuShares
  if (need.cpuShares > 0 && need.cpuShares > freeShares) {
    return `not enough cpu (needs ${cores(need.cpuShares)}, ${cores(freeShares)} free)`
  }
  return undefined
}

const mebibytes = (bytes: number): string => `${Math.max(0, Math.round(bytes / 2 ** 20))} MiB`
const cores = (shares: number): string => {
  const n = Math.max(0, Math.round((shares / SHARES_PER_CPU) * 100) / 100)
  return `${n} ${n === 1 ? 'core' : 'cores'}`
}
