/** @module Marks a Host DOWN when its heartbeat is older than the lease; never touches its Tasks. */
import { HOST_LEASE_SECONDS, type Host, splitKey } from '../../apis/index.js'
import type { Clock, Reconciler, Result } from '../../client/index.js'
import type { Lister, Writer } from '../lister.js'

/** When this controller saw a host's heartbeat value last change. */
interface Sighting {
  beat: string
  at: number
}

/**
 * Milliseconds until a lease runs out (≤ 0: expired), counted from when the heartbeat was SEEN to change, as
 * Kubernetes' node lifecycle controller does: the agent's clock (or its word) could otherwise keep a dead host UP
 * for ever with a heartbeat in the future, and spin this controller with a delay beyond any timer. A heartbeat seen
 * for the first time counts from its own time when that is earlier, so a host found stale goes DOWN at once.
 */
export function leaseRemainingMs(seen: Sighting, leaseSeconds = HOST_LEASE_SECONDS, nowMs: number): number {
  return seen.at + leaseSeconds * 1000 - nowMs
}

/** The sighting after reading `beat` at `nowMs`, given the previous one. */
export function sight(previous: Sighting | undefined, beat: string, nowMs: number): Sighting {
  if (previous?.beat === beat) return previous
  if (previous) return { beat, at: nowMs }
  const claimed = Date.parse(beat)
  return { beat, at: Number.isFinite(claimed) ? Math.min(claimed, nowMs) : nowMs }
}

export function hostHealthReconciler(deps: {
  hosts: Lister<Host>
  writer: Writer
  clock: Clock
  leaseSeconds?: number
}): Reconciler {
  const sightings = new Map<string, Sighting>()
  return {
    name: 'host-health',
    async reconcile(key): Promise<Result> {
      const name = splitKey(key).name
      const host = deps.hosts.get(name)
      if (!host?.status || host.status.state === 'DOWN') {
        if (!host) sightings.delete(name)
        return {}
      }
      const now = deps.clock.now()
      const seen = sight(sightings.get(name), host.status.lastHeartbeat, now)
      sightings.set(name, seen)
      const remaining = leaseRemainingMs(seen, deps.leaseSeconds, now)
      if (remaining > 0) return { requeueAfterMs: remaining + 100 }
      const downSince = new Date(now).toISOString()
      await deps.writer.updateStatus('Host', { ...host, status: { ...host.status, state: 'DOWN', downSince } })
      return {}
    },
  }
}
