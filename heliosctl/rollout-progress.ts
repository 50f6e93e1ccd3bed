/** @module Pure reading of a Deployment's rollout status: is the rollout the CLI waits for finished, and how far is it. */
import {
  type Deployment,
  type HostFailure,
  isRevertReason,
  type RolloutState,
  type RolloutStatus,
} from '../apis/index.js'

/** What a waiting verb waits for beyond "the status describes the current spec". */
export interface RolloutTarget {
  /** The Job the user rolled out; another spec.job while waiting fails the wait (Helios' rolling-update). */
  job?: string
  /** A `helios/rollout-retry` value set by this verb: the controller must have acted on it. */
  retry?: string
}

export type RolloutVerdict =
  | { phase: 'waiting' }
  | { phase: 'done'; revision: number }
  /** `failure`: the host failure behind it, with the container's last log lines. */
  | { phase: 'failed'; error: string; failure?: HostFailure }

/**
 * Finished when the controller has seen this generation, its rollout is DONE or FAILED, and it is the
 * rollout of spec.job (or an automatic revert away from it, which counts as failed).
 */
export function rolloutVerdict(d: Deployment, target: RolloutTarget = {}): RolloutVerdict {
  if (target.job && d.spec.job !== target.job)
    return { phase: 'failed', error: `deployment's job changed during the rollout (now ${d.spec.job})` }
  const rollout = currentRollout(d, target)
  if (!rollout || (rollout.state !== 'DONE' && rollout.state !== 'FAILED')) return { phase: 'waiting' }
  const failure = rollout.failure ? { failure: rollout.failure } : {}
  if (rollout.revertedFrom === d.spec.job) {
    const why = rollout.message ? `${rollout.message}; ` : ''
    return { phase: 'failed', error: `${why}reverted to ${rollout.job}`, ...failure }
  }
  if (rollout.state === 'FAILED') return { phase: 'failed', error: rollout.message ?? 'rollout failed', ...failure }
  return { phase: 'done', revision: rollout.revision }
}

/** What users see of a rollout's state: REVERTING while a revert (automatic or an abort) walks, REVERTED once it has. */
export type RolloutView = RolloutState | 'REVERTING' | 'REVERTED'

export function rolloutView(rollout: RolloutStatus | undefined): RolloutView {
  if (!rollout) return 'IDLE'
  if (isRevertReason(rollout.reason) && rollout.state === 'ROLLING_OUT') return 'REVERTING'
  if (isRevertReason(rollout.reason) && rollout.state === 'FAILED' && rollout.rolledBack) return 'REVERTED'
  return rollout.state
}

/** The rollout status if it describes the current spec (and the retry asked for), else undefined. */
export function currentRollout(d: Deployment, target: RolloutTarget = {}): RolloutStatus | undefined {
  const status = d.status
  const rollout = status?.rollout
  if (!rollout || status.observedGeneration !== d.metadata.generation) return undefined
  if (rollout.job !== d.spec.job && rollout.revertedFrom !== d.spec.job) return undefined
  if (target.retry !== undefined && rollout.acknowledged !== target.retry) return undefined
  return rollout
}

/** Every host the rollout covers, whatever its step. */
export function rolloutHosts(rollout: RolloutStatus): string[] {
  return [...new Set([...rollout.done, ...Object.keys(rollout.inProgress), ...rollout.pending, ...rollout.failed])]
}

export interface HostFinished {
  host: string
  state: 'RUNNING' | 'FAILED'
}

/** Hosts that finished (done or failed) and are not in `seen`, in rollout order; adds them to `seen`. */
export function newlyFinished(rollout: RolloutStatus, seen: Set<string>): HostFinished[] {
  const finished: HostFinished[] = [
    ...rollout.done.map((host) => ({ host, state: 'RUNNING' as const })),
    ...rollout.failed.map((host) => ({ host, state: 'FAILED' as const })),
  ].filter((f) => !seen.has(f.host))
  for (const f of finished) seen.add(f.host)
  return finished
}

/** `ROLLING_OUT: 1/3 hosts`, for timeouts and waiting lines. */
export function progressSummary(d: Deployment, target: RolloutTarget = {}): string {
  const rollout = currentRollout(d, target)
  if (!rollout) return `${rolloutView(d.status?.rollout)}: not yet started for generation ${d.metadata.generation ?? 1}`
  return `${rolloutView(rollout)}: ${rollout.done.length}/${rolloutHosts(rollout).length} hosts`
}
