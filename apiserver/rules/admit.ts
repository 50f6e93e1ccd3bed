/** @module Admission: the rules that need other objects, run alike by create, replace and apply (and delete). */
import { ApiError, type Deployment, type HeliosObject, isNotFound, type Job, type Kind } from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import { sameSpec } from '../writes/changes.js'
import { checkJobImmutable, checkJobUnused, withJobId } from './job-rules.js'
import { checkPortClash } from './port-clash.js'

/** Checks `next` (replacing `current`, if any) and returns it with the fields rules own (a Job's id). */
export async function admitWrite(store: Store, next: HeliosObject, current?: HeliosObject): Promise<HeliosObject> {
  switch (next.kind) {
    case 'Job':
      if (current) checkJobImmutable(current as Job, next)
      return withJobId(next)
    case 'Deployment':
      // Rules about other objects run when the spec changes, so relabelling never trips on old state.
      if (!current || !sameSpec(current, next)) await checkDeployment(store, next)
      return next
    case 'Host':
    case 'Task':
      return next
  }
}

/** Checks that `kind/name` may go away. */
export async function admitDelete(store: Store, kind: Kind, name: string): Promise<void> {
  if (kind === 'Job') await checkJobUnused(store, name)
}

async function checkDeployment(store: Store, deployment: Deployment): Promise<void> {
  const name = deployment.spec.job
  const job = (await store.get('Job', name).catch((err) => {
    if (!isNotFound(err)) throw err
    const message = `job "${name}" not found`
    throw new ApiError('Invalid', message, { causes: [{ field: 'spec.job', message }] })
  })) as Job
  await checkPortClash(store, deployment, job)
}
