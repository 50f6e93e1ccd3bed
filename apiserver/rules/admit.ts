/** @module Admission: the rules that need other objects, run alike by create, replace and apply (and delete). */
import { ApiError, type Deployment, type HeliosObject, isNotFound, type Job, type Kind } from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import { sameSpec } from '../writes/changes.js'
import { checkCapabilities, checkJobImmutable, checkJobUnused, withJobId } from './job-rules.js'
import { checkPortClash } from './port-clash.js'
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from './rule-options.js'

/** Checks `next` (replacing `current`, if any) and returns it with the fields rules own (a Job's id). */
export async function admitWrite(
  store: Store,
  next: HeliosObject,
  current?: HeliosObject,
  rules: RuleOptions = DEFAULT_RULE_OPTIONS,
): Promise<HeliosObject> {
  switch (next.kind) {
    case 'Job':
      if (current) checkJobImmutable(current as Job, next)
      else checkCapabilities(next, rules) // a Job's spec never changes: checked once, when it is created
      return withJobId(next)
    case 'Deployment':
      // Rules about other objects run when the spec changes, so relabelling never trips on old state.
      if (!current || !sameSpec(current, next)) await checkDeployment(store, next)
      return next
    case 'Host':
    case 'Task':
    case 'Event':
      return next
  }
}

/** Checks that objects of `kind` may be replaced at all: an Event is a record of the past. */
export function admitReplace(kind: Kind): void {
  if (kind !== 'Event') return
  const message = 'events are immutable; create a new one'
  throw new ApiError('Invalid', message, { causes: [{ field: 'kind', message }] })
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
