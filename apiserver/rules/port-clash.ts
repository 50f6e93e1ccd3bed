/** @module Static host-port clashes: a Deployment must not publish a port on a host it names where another Job does (PORT_CONFLICT). */
import {
  ApiError,
  type Deployment,
  type DeployRefusal,
  type Job,
  refusalCause,
  refusalMessage,
  type Task,
} from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import { claimedHosts } from './holdings.js'
import { staticPorts, staticPortsOf } from './static-ports.js'

/**
 * Throws Conflict (PORT_CONFLICT, one cause per host) when, on a host `deployment` names, another Deployment naming it
 * runs a Job with the same external port and protocol, or a Task of another Deployment (one reaching it by selector
 * or replicas) already publishes it. `exempt`: Deployments handing their hosts over to this one (migrate).
 */
export async function checkPortClash(
  store: Store,
  deployment: Deployment,
  job: Job,
  exempt: ReadonlySet<string> = new Set(),
): Promise<void> {
  const ours = staticPorts(job)
  const hosts = claimedHosts(deployment)
  if (ours.length === 0 || hosts.length === 0) return
  const me = deployment.metadata.name
  const isOther = (name: string) => name !== me && !exempt.has(name)
  const [{ items: deployments }, { items: tasks }] = await Promise.all([store.list('Deployment'), store.list('Task')])
  const others = (deployments as Deployment[]).filter((d) => isOther(d.metadata.name))
  const jobPorts = new Map<string, Set<string> | undefined>()
  const portsOfJob = async (name: string) => {
    if (!jobPorts.has(name)) {
      const found = (await store.get('Job', name).catch(() => undefined)) as Job | undefined
      jobPorts.set(name, found && new Set(staticPorts(found)))
    }
    return jobPorts.get(name)
  }
  const refusals: DeployRefusal[] = []
  for (const host of hosts) {
    const clash = async (): Promise<string | undefined> => {
      for (const other of others.filter((d) => claimedHosts(d).includes(host) && d.spec.job !== undefined)) {
        const taken = await portsOfJob(other.spec.job as string)
        const port = ours.find((p) => taken?.has(p))
        if (port)
          return `port ${port} on host ${host} is already used by deployment "${other.metadata.name}" (job ${other.spec.job})`
      }
      for (const task of (tasks as Task[]).filter((t) => t.spec.host === host && isOther(t.spec.deployment))) {
        const taken = new Set(staticPortsOf(task.spec.jobSpec))
        const port = ours.find((p) => taken.has(p))
        if (port)
          return `port ${port} on host ${host} is already used by deployment "${task.spec.deployment}" (job ${task.spec.job})`
      }
      return undefined
    }
    const message = await clash()
    if (message) refusals.push({ host, status: 'PORT_CONFLICT', message })
  }
  if (refusals.length > 0) {
    throw new ApiError('Conflict', refusalMessage(refusals), { causes: refusals.map(refusalCause) })
  }
}
