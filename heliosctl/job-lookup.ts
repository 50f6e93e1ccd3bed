/** @module Finds the Job a user means (job-ref rules) and checks its token, as Helios' master does. */
import { ApiError, type Job } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { fullId, resolveJobRef } from './job-ref.js'

/** Lists Jobs, resolves `ref`, and refuses when `token` differs from the Job's (Helios' FORBIDDEN). */
export async function lookupJob(client: HeliosClient, ref: string, token?: string): Promise<Job> {
  const { items } = await client.list('Job')
  const job = resolveJobRef(ref, items)
  // Helios compares tokens for equality, so a token the Job does not have is refused too.
  if ((job.spec.token ?? '') !== (token ?? '')) {
    throw new ApiError('Forbidden', `job ${fullId(job)}: token mismatch (pass the Job's token with --token)`)
  }
  return job
}
