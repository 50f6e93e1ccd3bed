/** @module The rollout options of issue 14 (health window, deadline, canaries) a Deployment has set, to keep when a verb rewrites spec.rollout. */
import type { RolloutOptions } from '../apis/index.js'

const HEALTH_FIELDS = ['minHealthySeconds', 'progressDeadlineSeconds', 'canary', 'canaryPromoteAfterSeconds'] as const

/**
 * Only those set: Helios' rolling-update resets Helios' own options to its defaults on every run, but these are
 * not Helios' and have no flag, so a rolling-update must not silently drop a Deployment's canary or health window.
 */
export function setHealthOptions(options: RolloutOptions): Partial<RolloutOptions> {
  return Object.fromEntries(HEALTH_FIELDS.flatMap((f) => (options[f] === undefined ? [] : [[f, options[f]]])))
}
