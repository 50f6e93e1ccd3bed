/** @module Which Job a Deployment's Tasks should run now: `spec.job`, unless an automatic revert replaced it. */
import {
  type Deployment,
  type GivenRolloutOptions,
  isRevertReason,
  type RolloutOptions,
  type RolloutStatus,
  resolveRolloutOptions,
} from '../../apis/index.js'

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

/**
 * The options a rollout of a Job with `jobOptions` walks with, option by option (issue 14, Helios' rule with the
 * Deployment's own between): spec.rolloutOverrides (rolling-update's flags), then the Job's rolloutOptions, then
 * spec.rollout, then the defaults.
 */
export function effectiveRolloutOptions(
  deployment: Deployment,
  jobOptions: GivenRolloutOptions | undefined,
): RolloutOptions & { autoRevert: boolean } {
  const { rollout, rolloutOverrides } = deployment.spec
  return resolveRolloutOptions({ overrides: rolloutOverrides, job: jobOptions, declared: rollout })
}
