/**
 * @module Helios' order on stop: a Task leaves its Endpoints first, then the grace period runs, then the container
 * stops. The endpoints controller withdraws the Task when its goal turns STOP or it is undeployed; the agent sees the
 * same change at about the same moment, so it starts the grace period only once the apiserver no longer lists the
 * Task in any Endpoints, and clients get the whole grace period to drain.
 */
import type { HeliosClient } from '../client/index.js'

/** Whether `task` on this host is still listed in some Endpoints; undefined when the apiserver cannot tell us. */
export type EndpointsLookup = (task: string) => Promise<boolean | undefined>

/** How often the agent looks again while the Task is still listed. */
export const WITHDRAWAL_POLL_MS = 200
/**
 * The longest the agent waits for the controller before the grace period starts anyway: the controllers or the
 * apiserver may be away, and losing the control plane must never keep a container from stopping (design.md).
 */
export const WITHDRAWAL_MAX_WAIT_MS = 10_000

/** The lookup through the apiserver: one list of Endpoints, asked only while a Task with a grace period stops. */
export function endpointsLookup(client: Pick<HeliosClient, 'list'>, hostName: string): EndpointsLookup {
  return async (task) => {
    try {
      const { items } = await client.list('Endpoints')
      return items.some((ep) => ep.spec.endpoints.some((e) => e.task === task && e.host === hostName))
    } catch {
      return undefined
    }
  }
}

/** What the withdrawal wait decides: start the grace period now, or look again in `requeueAfterMs`. */
export type Withdrawal = { withdrawn: true } | { withdrawn: false; requeueAfterMs: number }

/**
 * Whether the grace period may start at `now`: the Task is listed nowhere, the apiserver cannot say, or the wait that
 * began at `waitingSince` has lasted WITHDRAWAL_MAX_WAIT_MS.
 */
export function withdrawal(listed: boolean | undefined, waitingSince: number, now: number): Withdrawal {
  if (listed !== true || now - waitingSince >= WITHDRAWAL_MAX_WAIT_MS) return { withdrawn: true }
  return { withdrawn: false, requeueAfterMs: WITHDRAWAL_POLL_MS }
}
