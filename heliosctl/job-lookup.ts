/** @module Finds the Job a user means (job-ref rules); its token is checked by the apiserver, which the commands send it to. */
import type { Job } from '../apis/index.js'
import type { HeliosClient } from '../client/index.js'
import { resolveJobRef } from './job-ref.js'

/** Lists Jobs and resolves `ref` (name:version, full id or unique prefix). */
export async function lookupJob(client: HeliosClient, ref: string): Promise<Job> {
  const { items } = await client.list('Job')
  return resolveJobRef(ref, items)
}
