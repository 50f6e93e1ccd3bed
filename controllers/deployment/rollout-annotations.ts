/** @module Pure handling of the `helios/rollout-stop` and `helios/rollout-retry` annotations. */
import { type Deployment, ROLLOUT_ANNOTATION, type RolloutStatus } from '../../apis/index.js'
import { isNewer } from './rollout-record.js'

/**
 * A stop newer than the last acknowledged value fails a ROLLING_OUT rollout where it is ("stopped by user";
 * Tasks already moved keep their Job). A retry newer than it asks for a new rollout of a FAILED one (`retry`).
 * Values are compared as times, not for inequality, since both annotations share one `acknowledged`.
 */
export function applyRolloutAnnotations(
  deployment: Deployment,
  rollout: RolloutStatus | undefined,
  nowIso: string,
): { rollout: RolloutStatus | undefined; retry?: true } {
  if (!rollout) return { rollout }
  const stop = deployment.metadata.annotations[ROLLOUT_ANNOTATION.stop]
  const retry = deployment.metadata.annotations[ROLLOUT_ANNOTATION.retry]
  if (rollout.state === 'ROLLING_OUT' && stop !== undefined && isNewer(stop, rollout.acknowledged)) {
    const stopped = { ...rollout, state: 'FAILED' as const, finishedAt: nowIso, inProgress: {} }
    return { rollout: { ...stopped, message: 'stopped by user', acknowledged: stop } }
  }
  if (rollout.state === 'FAILED' && isNewer(retry, rollout.acknowledged)) return { rollout, retry: true }
  return { rollout }
}
