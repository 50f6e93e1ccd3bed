/** @module The Deployment status message for replicas that found no host, naming counts and per-host reasons. */
import { alphaNumeric } from './desired.js'

const LISTED_HOSTS = 5

export interface PendingFacts {
  pending: number
  replicas: number
  candidates: readonly string[]
  /** Why each unused candidate host was passed over, by host name. */
  reasons: ReadonlyMap<string, string>
  /** Whether the Deployment names neither hosts nor a selector (every registered host is a candidate). */
  everyHost: boolean
}

/** E.g. `2 of 5 replicas pending: 3 candidate hosts; db1: not enough memory (…); web4: DOWN; web5: cordoned`. */
export function pendingMessage(facts: PendingFacts): string {
  const head = `${facts.pending} of ${facts.replicas} replicas pending`
  if (facts.candidates.length === 0) {
    return `${head}: no candidate hosts (${facts.everyHost ? 'no host is registered' : 'hostSelector matches no host'})`
  }
  const parts = [plural(facts.candidates.length, 'candidate host')]
  if (facts.candidates.length < facts.replicas) parts[0] += ' (one replica per host)'
  const reasons = [...facts.reasons].sort(([a], [b]) => alphaNumeric(a, b))
  parts.push(...reasons.slice(0, LISTED_HOSTS).map(([host, why]) => `${host}: ${why}`))
  if (reasons.length > LISTED_HOSTS) parts.push(`and ${plural(reasons.length - LISTED_HOSTS, 'more host')}`)
  return `${head}: ${parts.join('; ')}`
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
