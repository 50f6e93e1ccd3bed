/** @module Which rollout options a rollout walks with: the command line's, then the Job's, then the Deployment's, then the defaults. */
import { z } from 'zod'
import { RolloutOptions } from './rollout-options.js'

/** One option schema without its default: absent means "not given here", so a lower layer can fill it. */
type Given<S> = z.ZodOptional<S extends z.ZodDefault<infer Inner> ? Inner : S extends z.ZodType ? S : never>
type GivenShape<Shape> = { [K in keyof Shape]: Given<Shape[K]> }

const withoutDefault = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema

const givenShape = Object.fromEntries(
  Object.entries(RolloutOptions.shape).map(([key, schema]) => [
    key,
    withoutDefault(schema as z.ZodType)
      .optional()
      .describe((schema as z.ZodType).description ?? ''),
  ]),
) as GivenShape<typeof RolloutOptions.shape>

/**
 * Rollout options as someone gave them (a Job's `rolloutOptions`, rolling-update's flags): every field optional and
 * none defaulted, so an option left out falls through to the next layer instead of hiding it with a default.
 */
export const GivenRolloutOptions = z.strictObject(givenShape)
export type GivenRolloutOptions = z.output<typeof GivenRolloutOptions>

/** The layers of rollout options, highest first (see resolveRolloutOptions). */
export interface RolloutLayers {
  /** `spec.rolloutOverrides`: what the last `heliosctl rolling-update` was given on its command line. */
  overrides?: GivenRolloutOptions | undefined
  /** The Job's `spec.rolloutOptions`. */
  job?: GivenRolloutOptions | undefined
  /** The Deployment's own `spec.rollout`. */
  declared?: GivenRolloutOptions | undefined
}

/** The documented order, quoted by `heliosctl explain` and the READMEs. */
export const ROLLOUT_PRECEDENCE =
  "command-line flags (spec.rolloutOverrides), then the Job's spec.rolloutOptions, then the Deployment's spec.rollout, then the defaults"

const given = (options: GivenRolloutOptions | undefined): Partial<RolloutOptions> =>
  Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined))

/**
 * The options in force, option by option: Helios' rule (flags, then the Job's options, then the defaults) with the
 * Deployment's own spec.rollout between the Job's and the defaults. autoRevert has no default and ends false.
 */
export function resolveRolloutOptions(layers: RolloutLayers): RolloutOptions & { autoRevert: boolean } {
  return {
    ...RolloutOptions.parse({}),
    autoRevert: false,
    ...given(layers.declared),
    ...given(layers.job),
    ...given(layers.overrides),
  }
}
