/**
 * @module What a Deployment holds in the store (storage/store.ts Holdings): its Job, which then cannot be deleted,
 * and the static host ports of that Job on the hosts it names, which no other Deployment may claim. Held
 * atomically with the write, so two racing writes cannot both pass the rules that read other objects.
 */
import { type Deployment, type HeliosObject, isNotFound, type Job } from '../../apis/index.js'
import type { Holdings, Store } from '../storage/store.js'
import { NO_HOLDINGS } from '../storage/store.js'

/** The claim of one static port on one host; also how a clash is worded (`host web1 port 8080/tcp`). */
export const portClaim = (host: string, port: number, protocol: string): string =>
  `host ${host} port ${port}/${protocol}`

/** A Deployment's holdings given its Job (pure). */
export function deploymentHoldings(deployment: Deployment, job: Job | undefined): Holdings {
  if (deployment.spec.job === undefined) return NO_HOLDINGS
  const ports = Object.values(job?.spec.ports ?? {}).filter((p) => p.externalPort !== undefined)
  return {
    references: [{ kind: 'Job', name: deployment.spec.job }],
    claims: deployment.spec.hosts.flatMap((host) =>
      ports.map((p) => portClaim(host, p.externalPort as number, p.protocol)),
    ),
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
  return deploymentHoldings(obj, job)
}
