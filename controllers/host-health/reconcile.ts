/** @module Marks a Host DOWN when its heartbeat is older than the lease; never touches its Tasks. */
import { HOST_LEASE_SECONDS, type Host, splitKey } from '../../apis/index.js'
import type { Clock, Reconciler, Result } from '../../client/index.js'
import type { Lister, Writer } from '../lister.js'

/** Milliseconds until `host`'s lease runs out (≤ 0: expired). */
export const leaseRemainingMs = (host: Host, nowMs: number, leaseSeconds = HOST_LEASE_SECONDS): number =>
  Date.parse(host.status?.lastHeartbeat ?? '') + leaseSeconds * 1000 - nowMs

export function hostHealthReconciler(deps: {
  hosts: Lister<Host>
  writer: Writer
  clock: Clock
  leaseSeconds?: number
}): Reconciler {
  return {
    name: 'host-health',
    async reconcile(key): Promise<Result> {
      const host = deps.hosts.get(splitKey(key).name)
      if (!host?.status || host.status.state === 'DOWN') return {}
      const remaining = leaseRemainingMs(host, deps.clock.now(), deps.leaseSeconds)
      if (remaining > 0) return { requeueAfterMs: remaining + 100 }
      await deps.writer.updateStatus('Host', { ...host, status: { ...host.status, state: 'DOWN' } })
      return {}
    },
  }
}
