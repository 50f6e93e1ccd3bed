/** @module Rollout options (Helios' names and defaults, plus autoRevert): how a Deployment walks its hosts. */
import { z } from 'zod'

export const RolloutOptions = z.strictObject({
  parallelism: z
    .number()
    .int()
    .min(1, 'parallelism is at least 1')
    .max(1000, 'parallelism is at most 1000')
    .default(1)
    .describe('Hosts moved to the new Job at the same time.'),
  timeout: z
    .number()
    .int()
    .min(1, 'timeout is at least 1 second')
    .max(86_400, 'timeout is at most 86400 seconds (a day)')
    .default(300)
    .describe('Seconds one host may take to reach RUNNING before the rollout fails (Helios: per task, 300).'),
  overlap: z
    .boolean()
    .default(false)
    .describe('Start the new container on a host before stopping the old one (they must not share static ports).'),
  migrate: z
    .boolean()
    .default(false)
    .describe('Take over hosts where the Job was deployed by hand (heliosctl deploy) instead of deploying it again.'),
  ignoreFailures: z
    .boolean()
    .default(false)
    .describe('Skip hosts that fail and carry on, instead of stopping the rollout as FAILED.'),
  token: z.string().default('').describe("The Job's token, for a Job created with one."),
  // No default, so Jobs stored before it existed keep their hash (Helios PR #1075).
  autoRevert: z
    .boolean()
    .optional()
    .describe(
      "On failure (an exit, a restart or FLAPPING within minHealthySeconds, a missing image, a timeout, the progress deadline), roll every host back to the last revision that succeeded (Nomad's auto_revert).",
    ),
  // The four below have no schema default either (same reason); the deployment controller applies theirs.
  minHealthySeconds: z
    .number()
    .int()
    .min(0, 'minHealthySeconds is at least 0')
    .max(3600, 'minHealthySeconds is at most 3600 (an hour)')
    .optional()
    .describe(
      "Seconds a host's Task must stay RUNNING (health check passing) in a row, without an exit or restart, before the host counts as done; an exit, restart or FLAPPING in that time fails the host at once (Nomad's min_healthy_time). Default 10. For this and the three below, a Job's rolloutOptions value wins over the Deployment's spec.rollout.",
    ),
  progressDeadlineSeconds: z
    .number()
    .int()
    .min(1, 'progressDeadlineSeconds is at least 1')
    .max(604_800, 'progressDeadlineSeconds is at most 604800 (a week)')
    .optional()
    .describe(
      'Seconds the whole rollout may take, beside the per-host timeout; past it the rollout fails. Waiting for a canary promotion does not count (the clock starts again at promotion) and a paused Deployment never fails by it. Default: no deadline.',
    ),
  canary: z
    .number()
    .int()
    .min(0, 'canary is at least 0')
    .max(1000, 'canary is at most 1000')
    .optional()
    .describe(
      'Hosts moved to a new Job first (all at once, in host order); the rollout then waits in state PAUSED for `heliosctl rollout promote` (or canaryPromoteAfterSeconds) before moving the rest, and `heliosctl rollout abort` sends them back. Only a change of Job (or its retry) has canaries. Default 0 (none).',
    ),
  canaryPromoteAfterSeconds: z
    .number()
    .int()
    .min(0, 'canaryPromoteAfterSeconds is at least 0')
    .max(604_800, 'canaryPromoteAfterSeconds is at most 604800 (a week)')
    .optional()
    .describe(
      'Promote the canaries without a user once they have been healthy (past minHealthySeconds) this many seconds more. Default: wait for `heliosctl rollout promote`.',
    ),
})
export type RolloutOptions = z.output<typeof RolloutOptions>
