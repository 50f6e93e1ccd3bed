/** @module Helios' Job token: deploying, undeploying, starting, stopping or removing a Job takes the Job's `spec.token`. */
import { ApiError, isNotFound, type Job } from '../../apis/index.js'
import type { Store } from '../storage/store.js'

/** Request header carrying the token; `?token=` works too (routes/params.ts reads both). */
export const TOKEN_HEADER = 'Helios-Token'

/**
 * Refuses (403) unless `token` equals the Job's token. As in Helios, tokens are compared for equality,
 * so a Job without a token refuses a request that carries one, and absent equals empty.
 */
export function checkJobToken(job: Job, token: string | undefined): void {
  const want = job.spec.token ?? ''
  const got = token ?? ''
  if (want === got) return
  const name = job.metadata.name
  const message = want
    ? `job "${name}" is protected by a token; pass the right one with --token`
    : `job "${name}" has no token; do not pass one (--token)`
  throw new ApiError('Forbidden', message)
}

/** checkJobToken for the Job named `name`; a Job that does not exist has no token to check. */
export async function checkJobTokenByName(store: Store, name: string, token: string | undefined): Promise<void> {
  const job = await store.get('Job', name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (job) checkJobToken(job as Job, token)
}
