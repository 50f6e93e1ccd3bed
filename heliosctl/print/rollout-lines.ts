/** @module The lines rollout verbs print: kubectl's rollout status words, Helios' rolling-update words. */
import type { Deployment, RolloutOptions } from '../../apis/index.js'
import type { HostProgress } from '../rollout-wait.js'

/** `web1 -> RUNNING web:v2 (1/3)` (rollout status). */
export const hostLine = (p: HostProgress): string => `${p.host} -> ${p.state} ${p.job} (${p.count}/${p.total})`

/** `web1 -> RUNNING (1/3)` (Helios' rolling-update). */
export const heliosHostLine = (p: HostProgress): string => `${p.host} -> ${p.state} (${p.count}/${p.total})`

export const rolledOutLine = (name: string, revision: number): string =>
  `deployment "${name}" successfully rolled out (revision ${revision})`

/** What `rollout status --watch=false` says of a rollout still under way (kubectl's wording, hosts for replicas). */
export function waitingLine(d: Deployment, summary: string): string {
  const paused = d.spec.paused ? ' (paused)' : ''
  return `Waiting for deployment "${d.metadata.name}" rollout to finish${paused}: ${summary}`
}

/** Helios' `(parallelism=1, timeout=300, overlap=false, token=, ignoreFailures=false, migrate=false)`. */
export function heliosOptions(o: RolloutOptions): string {
  return `(parallelism=${o.parallelism}, timeout=${o.timeout}, overlap=${o.overlap}, token=${o.token}, ignoreFailures=${o.ignoreFailures}, migrate=${o.migrate})`
}

/** Helios prints the rolling-update's duration in seconds with two decimals. */
export const durationLine = (ms: number): string => `Duration: ${(ms / 1000).toFixed(2)} s`
