/** @module Pure handling of the steering annotations `helios/rollout-stop|retry|promote|abort`. */
import { type Deployment, isRevertReason, ROLLOUT_ANNOTATION, type RolloutStatus } from '../../apis/index.js'
import { awaitsPromotion, promoted } from './canary.js'
import { isNewer } from './rollout-record.js'

export type Steer = 'stop' | 'retry' | 'promote' | 'abort'

export interface Annotated {
  rollout: RolloutStatus | undefined
  /** The steer acted on in this pass, if any. */
  steer?: Steer
}

/**
 * The newest annotation later than the last acknowledged value, among those that apply to the rollout's state:
 * stop (ROLLING_OUT or PAUSED) fails it where it is ("stopped by user"; Tasks keep their Job); retry (FAILED)
 * asks for a new rollout; promote (canaries not yet promoted) lets the other hosts follow; abort (ROLLING_OUT or
 * PAUSED) asks for a walk back, except of a revert, which it only stops. Values are compared as times, not for
 * inequality, since all four share one `acknowledged`; the older of two fresh values is acknowledged unused.
 */
export function applyRolloutAnnotations(
  deployment: Deployment,
  rollout: RolloutStatus | undefined,
  nowIso: string,
): Annotated {
  if (!rollout) return { rollout }
  const moving = rollout.state === 'ROLLING_OUT' || rollout.state === 'PAUSED'
  const applies: Record<Steer, boolean> = {
    stop: moving,
    retry: rollout.state === 'FAILED',
    promote: moving && awaitsPromotion(rollout),
    abort: moving,
  }
  let steer: Steer | undefined
  let value: string | undefined
  for (const kind of ['stop', 'retry', 'promote', 'abort'] as const) {
    const v = deployment.metadata.annotations[ROLLOUT_ANNOTATION[kind]]
    if (applies[kind] && isNewer(v, rollout.acknowledged) && isNewer(v, value)) [steer, value] = [kind, v]
  }
  if (!steer || value === undefined) return { rollout }
  const acknowledged = { ...rollout, acknowledged: value }
  const ended = (message: string): RolloutStatus => ({
    ...acknowledged,
    state: 'FAILED',
    finishedAt: nowIso,
    inProgress: {},
    message,
  })
  if (steer === 'stop') return { rollout: ended('stopped by user'), steer }
  if (steer === 'retry') return { rollout, steer }
  if (steer === 'promote') return { rollout: promoted(acknowledged, nowIso, 'user'), steer }
  if (isRevertReason(rollout.reason)) return { rollout: ended('aborted by user (a revert is not reverted)'), steer }
  return { rollout: acknowledged, steer }
}
