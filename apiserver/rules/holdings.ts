/**
 * @module What a Deployment holds in the store (storage/store.ts Holdings): its Job, which then cannot be deleted,
 * and the static host ports of that Job on the hosts it names, which no other Deployment may claim. Held
 * atomically with the write, so two racing writes cannot both pass the rules that read other objects.
 */
import { ApiError, type Deployment, type HeliosObject, isNotFound, type Job } from '../../apis/index.js'
import type { Holdings, Store } from '../storage/store.js'
import { NO_HOLDINGS } from '../storage/store.js'
import { staticPorts } from './port-clash.js'

/** The claim of one static port (`8080/tcp`) on one host; also how a clash is worded (`host web1 port 8080/tcp`). */
export const portClaim = (host: string, port: string): string => `host ${host} port ${port}`

/**
 * Claims one write may take: each is a node created in the write's one ZooKeeper transaction, and a transaction
 * beyond ZooKeeper's packet limit drops the apiserver's whole session (its leadership with it).
 */
export const MAX_PORT_CLAIMS = 1_000

/** A Deployment's holdings given its Job (pure). */
export function deploymentHoldings(deployment: Deployment, job: Job | undefined): Holdings {
  if (deployment.spec.job === undefined) return NO_HOLDINGS
  const ports = job ? staticPorts(job) : []
  return {
    references: [{ kind: 'Job', name: deployment.spec.job }],
    claims: deployment.spec.hosts.flatMap((host) => ports.map((port) => portClaim(host, port))),
  }
}

/** What `obj` holds once written; undefined for kinds that hold nothing. */
export async function holdingsOf(store: Store, obj: HeliosObject): Promise<Holdings | undefined> {
  if (obj.kind !== 'Deployment') return undefined
  const name = obj.spec.job
  if (name === undefined) return NO_HOLDINGS
  // Jobs are immutable: the watch cache's copy has the ports the stored Job has.
  const job = (store.peek('Job', name) ??
    (await store.get('Job', name).catch((err: unknown) => {
      if (isNotFound(err)) return undefined
      throw err
    }))) as Job | undefined
  const holds = deploymentHoldings(obj, job)
  if (holds.claims.length > MAX_PORT_CLAIMS) {
    const message = `${obj.spec.hosts.length} named hosts × ${holds.claims.length / obj.spec.hosts.length} static ports is ${holds.claims.length} port claims; at most ${MAX_PORT_CLAIMS} (choose hosts with hostSelector, or let the agents pick ports)`
    throw new ApiError('Invalid', `Deployment "${obj.metadata.name}" is invalid: spec.hosts: ${message}`, {
      causes: [{ field: 'spec.hosts', message }],
    })
  }
  return holds
}
