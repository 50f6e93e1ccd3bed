// Names for e2e runs: random ids, unique agent names and the calling scenario's name.
import { randomBytes } from 'node:crypto'
import { slug } from './text.js'

export function randomId(bytes = 3): string {
  return randomBytes(bytes).toString('hex')
}

/** A unique, DNS-safe agent name for a scenario, e.g. e2e-rollout-3fa9c1. */
export function agentName(scenario: string, suffix?: string): string {
  return [`e2e-${slug(scenario)}`, suffix && slug(suffix), randomId()].filter(Boolean).join('-')
}

/** The scenario name of the calling *.e2e.ts file (from the stack), used when none is given. */
export function callerScenario(fallback = 'misc'): string {
  const stack = new Error().stack ?? ''
  const m = /([\w.-]+)\.e2e\.[cm]?[jt]s\b/.exec(stack)
  return m?.[1] ? slug(m[1]) : fallback
}
