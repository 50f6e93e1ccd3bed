/**
 * @module Helios' order on stop: a Task leaves its Endpoints first, then the grace period runs, then the container
 * stops. The endpoints controller withdraws the Task when its goal turns STOP or it is undeployed; the agent sees the
 * same change at about the same moment, so it starts the grace period only once the apiserver no longer lists the
 * Task in any Endpoints, and clients get the whole grace period to drain.
 */
import { isNotFound } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import type { ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'

/** Whether `task` on this host is still listed in the Endpoints `names`; undefined when the apiserver cannot tell us. */
export type EndpointsLookup = (task: string, names: readonly string[]) => Promise<boolean | undefined>

/** How often the agent looks again while the Task is still listed. */
export const WITHDRAWAL_POLL_MS = 200
/**
 * The longest the agent waits for the controller before the grace period starts anyway: the controllers or the
 * apiserver may be away, and losing the control plane must never keep a container from stopping (design.md).
 */
export const WITHDRAWAL_MAX_WAIT_MS = 10_000

/**
 * The lookup through the apiserver, asked only while a Task with a grace period stops: a GET of each of its own
 * Endpoints (a 404 is one it is not in).
 */
export function endpointsLookup(client: Pick<HeliosClient, 'get'>, hostName: string): EndpointsLookup {
  const lists = (ep: { spec: { endpoints: { task: string; host: string }[] } }, task: string) =>
    ep.spec.endpoints.some((e) => e.task === task && e.host === hostName)
  const getOne = (name: string) =>
    client.get('Endpoints', name).catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)))
  return async (task, names) => {
    try {
      const found = await Promise.all(names.map(getOne))
      return found.some((ep) => ep !== undefined && lists(ep, task))
    } catch {
      return undefined
    }
  }
}

/**
 * The Endpoints names the Jobs of `running` register in, from their `helios.endpoints` label (set at create, so known
 * when the Task is gone); a container without it (none to wait for, or older than the label) adds none.
 */
export function labelledEndpoints(running: readonly ContainerSummary[]): string[] {
  const names = running.flatMap((c) => c.labels[LABEL.endpoints]?.split(',') ?? [])
  return [...new Set(names)].filter((name) => name !== '').sort()
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
