/** @module Job rules: the server-set id, immutability of a `name:version`, no delete while in use (host access: security-policy.ts). */
import { ApiError, type Deployment, type Job, jobHash, jobId, parseJobRef, RolloutOptions } from '../../apis/index.js'
import type { Store } from '../storage/store.js'

/**
 * The Job with `status.id`, which is the server's: computed from its name and spec when the Job is created, and kept
 * from the `stored` Job after that, so a stored Job keeps the id its Tasks carry even if the hash scheme changes.
 */
export const withJobId = (job: Job, stored?: Job): Job => ({
  ...job,
  status: { id: stored?.status?.id ?? jobId(job.metadata.name, job.spec) },
})

const GRACE_AND_STATIC_PORTS =
  'Job has both grace period and static/external ports. External ports will prevent new containers from deploying during the gracePeriod because of port conflicts. Please choose one or the other.'

/** Helios' JobValidator rule for new Jobs, with its message: a grace period and a static port exclude each other. */
export function checkGraceAndStaticPorts(job: Job): void {
  const { gracePeriod = 0, ports, containers = [] } = job.spec
  const allPorts = [ports, ...containers.map((c) => c.ports)].flatMap((p) => Object.values(p))
  if (gracePeriod <= 0 || !allPorts.some((p) => p.externalPort !== undefined)) return
  const causes = [{ field: 'spec.gracePeriod', message: 'a grace period needs dynamic ports only' }]
  throw new ApiError('Invalid', GRACE_AND_STATIC_PORTS, { causes })
}

/** "nginx:v1" → "nginx:v2"; "app:1.9" → "app:1.10"; "app:latest" → "app:latest-2". */
export function nextVersion(name: string): string {
  const { name: base, version = '' } = parseJobRef(name)
  const digits = /^(.*?)(\d+)$/.exec(version)
  return digits ? `${base}:${digits[1]}${Number(digits[2]) + 1}` : `${base}:${version}-2`
}

/**
 * `next` as it should be stored over `current`. Jobs stored before a Job's rolloutOptions kept only the options given
 * have Helios' defaults filled in there; the same file now parses without them. That is the same Job, so the stored
 * spec (and with it the id every Task carries) is kept rather than refused as a change.
 */
export function asStoredJob(current: Job, next: Job): Job {
  const name = current.metadata.name
  const options = next.spec.rolloutOptions
  if (!options || jobHash(name, current.spec) === jobHash(name, next.spec)) return next
  const filled = { ...next.spec, rolloutOptions: RolloutOptions.parse(options) }
  return jobHash(name, current.spec) === jobHash(name, filled) ? { ...next, spec: current.spec } : next
}

/** Refuses a spec change of an existing Job (422, cause `spec`); returns `next` when it is the same Job. */
export function checkJobImmutable(current: Job, next: Job): Job {
  const name = current.metadata.name
  if (jobHash(name, current.spec) === jobHash(name, next.spec)) return next
  const message = `job "${name}" already exists with a different spec; jobs are immutable — bump the version (e.g. ${nextVersion(name)})`
  throw new ApiError('Invalid', message, { causes: [{ field: 'spec', message: 'jobs are immutable' }] })
}

/** Refuses to delete a Job that some Deployment's spec.job names (409, naming them). */
export async function checkJobUnused(store: Store, name: string): Promise<void> {
  const { items } = await store.list('Deployment')
  const users = (items as Deployment[]).filter((d) => d.spec.job === name).map((d) => d.metadata.name)
  if (users.length === 0) return
  throw new ApiError('Conflict', `job "${name}" is still used by deployments: ${users.join(', ')}`)
}
