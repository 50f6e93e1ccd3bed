/** @module Rollout options (Helios' names and defaults): how a Deployment walks its hosts. */
import { z } from 'zod'

export const RolloutOptions = z.strictObject({
  parallelism: z.number().int().min(1, 'parallelism is at least 1').default(1),
  timeout: z.number().int().min(1, 'timeout is at least 1 second').default(300),
  overlap: z.boolean().default(false),
  migrate: z.boolean().default(false),
  ignoreFailures: z.boolean().default(false),
  token: z.string().default(''),
})
export type RolloutOptions = z.output<typeof RolloutOptions>
