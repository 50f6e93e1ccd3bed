/** @module Which Job a Deployment's Tasks should run now: `spec.job`, unless an automatic revert replaced it. */
import { type Deployment, isRevertReason, type RolloutOptions, type RolloutStatus } from '../../apis/index.js'

/**
 * After autoRevert rolled back from `spec.job`, the last good Job stays the target until the user changes
 * `spec.job` or retries (a RETRY record has no `revertedFrom`), so the failed Job is not rolled out again.
 * Undefined for a deployment group that has no Job yet.
 */
export function effectiveJobName(deployment: Deployment, rollout: RolloutStatus | undefined): string | undefined {
  const reverted =
    rollout !== undefined && isRevertReason(rollout.reason) && rollout.revertedFrom === deployment.spec.job
  return reverted && rollout ? rollout.job : deployment.spec.job
}

/** spec.rollout carries its own defaults, so only autoRevert (no default) falls back to the Job's rolloutOptions. */
export function effectiveRolloutOptions(
  deployment: Deployment,
  jobOptions: RolloutOptions | undefined,
): RolloutOptions & { autoRevert: boolean } {
  const options = deployment.spec.rollout
  return { ...options, autoRevert: options.autoRevert ?? jobOptions?.autoRevert ?? false }
}
