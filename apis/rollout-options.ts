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
    .describe("On failure, roll every host back to the last revision that succeeded (Nomad's auto_revert)."),
})
export type RolloutOptions = z.output<typeof RolloutOptions>
