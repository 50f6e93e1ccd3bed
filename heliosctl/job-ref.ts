/** @module Job reference resolution: what `deploy`, `undeploy` and `remove` accept as JOB. */
import { ApiError, type Job, shortJobId } from '../apis/index.js'

/** A Job's full id `name:version:hash` (its name until the apiserver has set one). */
export const fullId = (job: Job): string => job.status?.id ?? job.metadata.name

/**
 * An exact `name:version` or full id wins; otherwise the unique Job whose full id starts with `ref`
 * (`nginx` → `nginx:v1`, `nginx:v1:4a3f` → its hash). Unlike Helios' substring match, `foo:1` is not
 * ambiguous with `foo:10` when `foo:1` exists. Throws `Unknown job` or `Ambiguous job reference`.
 */
export function resolveJobRef(ref: string, jobs: readonly Job[]): Job {
  const exact = jobs.find((job) => job.metadata.name === ref || fullId(job) === ref)
  if (exact) return exact
  const matches = jobs.filter((job) => fullId(job).startsWith(ref))
  const [only] = matches
  if (only && matches.length === 1) return only
  if (matches.length === 0) throw new ApiError('NotFound', `Unknown job: ${ref}`)
  const names = [...matches]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((job) => shortJobId(fullId(job)))
    .join(', ')
  throw new ApiError('Conflict', `Ambiguous job reference: ${ref} (matches ${names})`)
}
