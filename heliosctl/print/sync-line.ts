/** @module The one line `apply --watch` prints per sync: what changed, how it converged, what went wrong. */
import type { Convergence } from '../gitops/converge.js'
import type { BrokenFile } from '../gitops/sync-plan.js'
import type { Change } from '../gitops/sync-writes.js'
import { kindName } from './object-ref.js'
import type { Colors } from './style.js'

export interface SyncReport {
  /** Counts from 1 at the first sync of the watch. */
  n: number
  changes: readonly Change[]
  /** Present when the sync changed something and waited for it. */
  convergence?: Convergence
  /** The bound the convergence wait had, for `not converged after 60s`. */
  timeoutMs: number
  broken: readonly BrokenFile[]
  /** Objects the apiserver refused, a failed prune, an unreadable folder. */
  errors: readonly string[]
  /** Objects the prune left (still in use). */
  warnings: readonly string[]
  /** The apiserver did not answer: nothing was synced (the message says where it was looked for). */
  unreachable?: string
  /** When the next try of an unreachable sync comes. */
  retryInMs?: number
}

/**
 * `sync 3: job/web:v2 created, deployment/web configured, deployment/old pruned; converged in 4.2s`, then
 * `; error: …` and `; warning: …` parts; no trailing newline.
 */
export function syncLine(r: SyncReport, c: Colors): string {
  const head = `sync ${r.n}: `
  if (r.unreachable !== undefined)
    return `${head}${c.red(`error: ${r.unreachable}`)}; retrying in ${bound(r.retryInMs ?? 0)}`
  const parts = [r.changes.length === 0 ? 'no changes' : r.changes.map(changeText).join(', ')]
  if (r.convergence) parts.push(convergenceText(r.convergence, r.timeoutMs, c))
  for (const b of r.broken) parts.push(c.red(`error: ${b.error} (${brokenConsequence(b)})`))
  for (const e of r.errors) parts.push(c.red(`error: ${e}`))
  for (const w of r.warnings) parts.push(c.yellow(`warning: ${w}`))
  return head + parts.join('; ')
}

const changeText = (ch: Change): string => `${kindName(ch.kind, ch.name)} ${ch.outcome}`

function brokenConsequence(b: BrokenFile): string {
  if (b.holdsPrune) return 'file skipped; nothing is pruned until it parses'
  return b.keeping.length > 0 ? `file skipped; keeping ${b.keeping.join(', ')}` : 'file skipped'
}

function convergenceText(conv: Convergence, timeoutMs: number, c: Colors): string {
  switch (conv.state) {
    case 'converged':
      return c.green(`converged in ${seconds(conv.ms)}`)
    case 'failed':
      return c.red(`failed after ${seconds(conv.ms)}: ${conv.reason}`)
    case 'timeout':
      return c.red(`not converged after ${bound(timeoutMs)}: ${conv.reason}`)
    case 'stopped':
      return `stopped while converging (${seconds(conv.ms)})`
  }
}

/** A measured time, to a tenth: `4.2s`, `0.0s`. */
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`

/** A configured bound: `60s`, `1.5s`. */
const bound = (ms: number): string => `${Number((ms / 1000).toFixed(1))}s`
