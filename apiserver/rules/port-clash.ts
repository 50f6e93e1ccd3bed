/** @module Static host-port clashes: two Deployments naming the same host must not publish the same port. */
import { ApiError, type Deployment, isNotFound, type Job } from '../../apis/index.js'
import type { Store } from '../storage/store.js'

/** The static host ports a Job publishes, `8080/tcp`: its own container's and its composite containers' (all publish). */
export const staticPorts = (job: Job): string[] =>
  [job.spec.ports, ...(job.spec.containers ?? []).map((c) => c.ports)].flatMap((ports) =>
    Object.values(ports).flatMap((p) => (p.externalPort === undefined ? [] : [`${p.externalPort}/${p.protocol}`])),
  )

/**
 * Throws Conflict when another Deployment listing one of `deployment`'s hosts in spec.hosts runs a Job
 * with the same external port and protocol. Hosts reached through hostSelector are not checked here.
 */
export async function checkPortClash(store: Store, deployment: Deployment, job: Job): Promise<void> {
  const ours = staticPorts(job)
  if (ours.length === 0 || deployment.spec.hosts.length === 0) return
  const { items } = await store.list('Deployment')
  const others = (items as Deployment[]).filter((d) => d.metadata.name !== deployment.metadata.name)
  const jobs = new Map<string, Job | undefined>()
  const jobOf = async (name: string) => {
    if (!jobs.has(name)) jobs.set(name, (await store.get('Job', name).catch(ignoreNotFound)) as Job | undefined)
    return jobs.get(name)
  }
  for (const host of deployment.spec.hosts) {
    for (const other of others.filter((d) => d.spec.hosts.includes(host))) {
      const otherJob = other.spec.job === undefined ? undefined : await jobOf(other.spec.job)
      const taken = otherJob ? new Set(staticPorts(otherJob)) : new Set<string>()
      const clash = ours.find((port) => taken.has(port))
      if (clash) {
        const by = `deployment "${other.metadata.name}" (job ${other.spec.job})`
        throw new ApiError('Conflict', `port ${clash} on host ${host} is already used by ${by}`)
      }
    }
  }
}

function ignoreNotFound(err: unknown): undefined {
  if (isNotFound(err)) return undefined
  throw err
}
