/** @module Rollout options (Helios' names and defaults, plus autoRevert): how a Deployment walks its hosts. */
import { z } from 'zod'

export const RolloutOptions = z.strictObject({
  parallelism: z.number().int().min(1, 'parallelism is at least 1').max(1000, 'parallelism is at most 1000').default(1),
  /** Seconds one host may take to reach RUNNING before the rollout fails (Helios: per task, 300). */
  timeout: z
    .number()
    .int()
    .min(1, 'timeout is at least 1 second')
    .max(86_400, 'timeout is at most 86400 seconds (a day)')
    .default(300),
  overlap: z.boolean().default(false),
  migrate: z.boolean().default(false),
  ignoreFailures: z.boolean().default(false),
  token: z.string().default(''),
  // No default, so Jobs stored before it existed keep their hash (Helios PR #1075).
  /** On failure, roll every host back to the last revision that succeeded (Nomad's auto_revert). */
  autoRevert: z.boolean().optional(),
})
export type RolloutOptions = z.output<typeof RolloutOptions>
