/** @module The rollout options judging health and canaries, resolved with their defaults (the schema has none). */
import type { GivenRolloutOptions, RolloutOptions } from '../../apis/index.js'

/**
 * Seconds a host must stay RUNNING, without an exit or restart, to count as done. Nomad's min_healthy_time
 * (10 s), not Kubernetes' minReadySeconds (0): with 0 a container that dies a second after its check passed
 * counts as rolled out, the very failure this guards against. Most broken versions die within seconds (a bad
 * config, a refused connection retried a few times, a port taken): 10 s covers those with Helios' 1 s restart
 * delay to spare, and costs a rollout of N hosts at parallelism P about N/P × 10 s more.
 */
export const DEFAULT_MIN_HEALTHY_SECONDS = 10

export interface HealthOptions {
  minHealthySeconds: number
  /** Undefined: no deadline (Helios had none; a fixed one would fail large rollouts that are merely long). */
  progressDeadlineSeconds: number | undefined
  /** 0: no canaries. */
  canary: number
  /** Undefined: canaries wait for `heliosctl rollout promote`. */
  canaryPromoteAfterSeconds: number | undefined
}

/** The Job's rolloutOptions win over the Deployment's rollout, and defaults fill the rest (issue 14's order; no flag sets these). */
export function healthOptions(deployment: RolloutOptions, job: GivenRolloutOptions | undefined): HealthOptions {
  return {
    minHealthySeconds: job?.minHealthySeconds ?? deployment.minHealthySeconds ?? DEFAULT_MIN_HEALTHY_SECONDS,
    progressDeadlineSeconds: job?.progressDeadlineSeconds ?? deployment.progressDeadlineSeconds,
    canary: job?.canary ?? deployment.canary ?? 0,
    canaryPromoteAfterSeconds: job?.canaryPromoteAfterSeconds ?? deployment.canaryPromoteAfterSeconds,
  }
}
