/**
 * @module `deploy`'s per-host answers (Helios' JobDeployResponse): which hosts the imperative Deployment may take,
 * which are refused and why. Helios deployed host by host; here one write adds every host, so a write refused for
 * some hosts (the apiserver's 409 carries one cause per host, apis/deploy-refusal.ts) is made again without them.
 */
import {
  type Deployment,
  type DeployRefusal,
  type Goal,
  handedOver,
  isApiError,
  ownValue,
  parseRefusal,
} from '../apis/index.js'
import type { WriteOptions } from '../client/index.js'
import type { Ctx } from './context.js'
import { deployTo } from './imperative-deployment.js'

/** Refusals known before any write: hosts no agent registered, hosts this Deployment already has. */
export function refusedUpFront(
  hosts: readonly string[],
  registered: ReadonlySet<string>,
  existing: Deployment | undefined,
  job: string,
): Map<string, DeployRefusal> {
  const refused = new Map<string, DeployRefusal>()
  const moving = handedOver(existing?.metadata.annotations ?? {})
  for (const host of hosts) {
    if (!registered.has(host)) {
      refused.set(host, {
        host,
        status: 'HOST_NOT_FOUND',
        message: `host "${host}" is not registered (heliosctl hosts lists the hosts)`,
      })
    } else if (existing?.spec.hosts.includes(host)) {
      const to = ownValue(moving, host)
      const by = to === undefined ? `deployment "${existing.metadata.name}"` : `deployment "${to}" (migrating it)`
      refused.set(host, {
        host,
        status: 'JOB_ALREADY_DEPLOYED',
        message: `job ${job} is already deployed on ${host} for ${by}`,
      })
    }
  }
  return refused
}

/**
 * Writes the imperative Deployment with the hosts not refused; a 409 naming hosts refuses those and the write is made
 * again without them. Any other error (a wrong token, the apiserver away) is thrown: nothing was stored then.
 */
export async function deployHosts(
  ctx: Ctx,
  existing: Deployment | undefined,
  job: string,
  hosts: readonly string[],
  goal: Goal,
  opts: WriteOptions,
): Promise<Map<string, DeployRefusal>> {
  const refused = new Map<string, DeployRefusal>()
  let pending = [...hosts]
  while (pending.length > 0) {
    const desired = deployTo(existing, job, pending, goal)
    try {
      if (existing) await ctx.client.update('Deployment', desired as Deployment, opts)
      else await ctx.client.create('Deployment', desired, opts)
      return refused
    } catch (err) {
      const refusals = isApiError(err, 'Conflict') ? err.causes.flatMap((c) => parseRefusal(c) ?? []) : []
      const mine = refusals.filter((r) => pending.includes(r.host))
      if (mine.length === 0) throw err
      for (const r of mine) refused.set(r.host, r)
      pending = pending.filter((h) => !refused.has(h))
    }
  }
  return refused
}
