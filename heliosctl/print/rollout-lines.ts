/** @module The lines rollout verbs print: kubectl's rollout status words, Helios' rolling-update words. */
import type { Deployment, HostFailure, RolloutOptions, RolloutStatus } from '../../apis/index.js'
import { currentRollout } from '../rollout-progress.js'
import type { HostProgress } from '../rollout-wait.js'
import { oneLine } from './terminal-text.js'

/** `web1 -> RUNNING web:v2 (1/3)` (rollout status). */
export const hostLine = (p: HostProgress): string => `${p.host} -> ${p.state} ${p.job} (${p.count}/${p.total})`

/** `web1 -> RUNNING (1/3)` (Helios' rolling-update). */
export const heliosHostLine = (p: HostProgress): string => `${p.host} -> ${p.state} (${p.count}/${p.total})`

export const rolledOutLine = (name: string, revision: number): string =>
  `deployment "${name}" successfully rolled out (revision ${revision})`

/** What `rollout status --watch=false` says of a rollout still under way (kubectl's wording, hosts for replicas). */
export function waitingLine(d: Deployment, summary: string): string {
  const paused = d.spec.paused ? ' (paused)' : ''
  const rollout = currentRollout(d)
  const canary = rollout?.state === 'PAUSED' && rollout.message ? `; ${oneLine(rollout.message)}` : ''
  return `Waiting for deployment "${d.metadata.name}" rollout to finish${paused}: ${summary}${canary}`
}

/** `deployment "web" paused: canary h1 healthy on web:v2; waiting for …` (rollout status, once per wait). */
export const pausedLine = (name: string, r: RolloutStatus): string =>
  `deployment "${name}" paused: ${oneLine(r.message ?? `canary ${r.canary?.hosts.join(', ') ?? ''} waits for a promotion`)}`

/**
 * `rollout of web:v2 failed: h1: web:v2 exited with code 3 after 0.4 s`, then the container's last log lines
 * (each stored line on a line of its own, made inert: the stored words cannot pose as more of our lines).
 */
export function failedText(d: Deployment, error: string, failure: HostFailure | undefined): string {
  const head = `rollout of ${d.spec.job} failed: ${oneLine(error)}`
  if (!failure || failure.logTail.length === 0) return head
  const lines = failure.logTail.map((line) => `  | ${oneLine(line)}`)
  return [head, `last log lines of ${oneLine(failure.host)}:`, ...lines].join('\n')
}

/** Helios' `(parallelism=1, timeout=300, overlap=false, token=, ignoreFailures=false, migrate=false)`. */
export function heliosOptions(o: RolloutOptions): string {
  return `(parallelism=${o.parallelism}, timeout=${o.timeout}, overlap=${o.overlap}, token=${o.token}, ignoreFailures=${o.ignoreFailures}, migrate=${o.migrate})`
}

/** Helios prints the rolling-update's duration in seconds with two decimals. */
export const durationLine = (ms: number): string => `Duration: ${(ms / 1000).toFixed(2)} s`
