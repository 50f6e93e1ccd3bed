/** @module Helios' words for a refused deploy (JOB_ALREADY_DEPLOYED, PORT_CONFLICT, HOST_NOT_FOUND, FORBIDDEN), one per host. */
import type { Cause } from './errors.js'

/** The statuses of Helios' JobDeployResponse that a deploy to one host can be refused with (FORBIDDEN: a 403, never a cause). */
export const DEPLOY_REFUSALS = ['JOB_ALREADY_DEPLOYED', 'PORT_CONFLICT', 'HOST_NOT_FOUND', 'FORBIDDEN'] as const
export type DeployRefusalStatus = (typeof DEPLOY_REFUSALS)[number]

/** Why one host refused: `web1`, JOB_ALREADY_DEPLOYED, `job web:v1 already runs on web1 for deployment "grp"`. */
export interface DeployRefusal {
  host: string
  status: DeployRefusalStatus
  message: string
}

const FIELD = 'spec.hosts'
const PATTERN = new RegExp(`^([^:\\s]+): (${DEPLOY_REFUSALS.join('|')}): ([\\s\\S]*)$`)

/** The cause a 409 carries for one refused host, `{field: spec.hosts, message: "web1: PORT_CONFLICT: …"}`. */
export const refusalCause = (r: DeployRefusal): Cause => ({
  field: FIELD,
  message: `${r.host}: ${r.status}: ${r.message}`,
})

/** The refusal a cause carries, if it is one (heliosctl reads them to answer per host, as Helios did). */
export function parseRefusal(cause: Cause): DeployRefusal | undefined {
  if (cause.field !== FIELD) return undefined
  const [, host, status, message] = PATTERN.exec(cause.message) ?? []
  if (host === undefined || status === undefined || message === undefined) return undefined
  return { host, status: status as DeployRefusalStatus, message }
}

/** An error message for refusals: the first, and how many more. */
export function refusalMessage(refusals: readonly DeployRefusal[]): string {
  const [first] = refusals
  if (!first) return 'refused'
  const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more host${refusals.length > 2 ? 's' : ''})` : ''
  return `${first.status}: ${first.message}${more}`
}

/**
 * Hosts a Deployment hands over to a migrating one (rollout.migrate), host → the Deployment taking it: the hand deploy
 * stops its Task there (hostGoals STOP) and no longer claims the host, and the taker's controller removes the host from
 * it once that Task has stopped. Written by the apiserver and the deployment controller, never needed from users.
 */
export const MIGRATING_ANNOTATION = 'helios/migrating-to'

/** The hosts being handed over, from the annotation's JSON; anything unreadable is no handover. */
export function handedOver(annotations: Readonly<Record<string, string>>): Record<string, string> {
  const raw = annotations[MIGRATING_ANNOTATION]
  if (raw === undefined) return {}
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '__proto__'),
    )
  } catch {
    return {}
  }
}

/** Annotations with the handover map replaced (the annotation removed when empty). */
export function withHandedOver(
  annotations: Readonly<Record<string, string>>,
  hosts: Readonly<Record<string, string>>,
): Record<string, string> {
  const { [MIGRATING_ANNOTATION]: _, ...rest } = annotations
  const sorted = Object.fromEntries(Object.entries(hosts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return Object.keys(sorted).length > 0 ? { ...rest, [MIGRATING_ANNOTATION]: JSON.stringify(sorted) } : rest
}
