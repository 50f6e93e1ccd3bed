/** @module Helios' JSON answers for a job reference that names no job or several (`--json` of the verbs taking JOB). */
import { isApiError } from '../apis/index.js'
import type { Ctx } from './context.js'
import { toJson } from './print/output.js'

/**
 * With `--json`, an unknown or ambiguous JOB prints `{"status":"JOB_NOT_FOUND"}` or
 * `{"status":"AMBIGUOUS_JOB_REFERENCE"}` on stdout, as Helios did; returns whether it did (exit 1 then).
 */
export function printJobRefFailure(ctx: Ctx, err: unknown): boolean {
  const status =
    isApiError(err, 'NotFound') && err.message.startsWith('Unknown job: ')
      ? 'JOB_NOT_FOUND'
      : isApiError(err, 'Conflict') && err.message.startsWith('Ambiguous job reference: ')
        ? 'AMBIGUOUS_JOB_REFERENCE'
        : undefined
  if (!status) return false
  ctx.stdout.write(toJson({ status }))
  return true
}
