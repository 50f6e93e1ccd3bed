/** @module Admission: the rules that need other objects, run alike by create, replace and apply (and delete). */
import {
  ApiError,
  type Deployment,
  type HeliosObject,
  type Host,
  handedOver,
  isNotFound,
  type Job,
  type Kind,
} from '../../apis/index.js'
import type { Store } from '../storage/store.js'
import { sameSpec } from '../writes/changes.js'
import type { WriteRequest } from '../writes/create.js'
import { keepAgentOwnedStatus } from './agent-owned-status.js'
import { checkDeploymentPolicy } from './deploy-policy.js'
import { withWriterSource } from './event-source.js'
import { storedJob } from './holdings.js'
import { checkJobOnce, type Handover } from './job-once.js'
import { asStoredJob, checkGraceAndStaticPorts, checkJobImmutable, checkJobUnused, withJobId } from './job-rules.js'
import { checkJobToken, checkJobTokenByName } from './job-token.js'
import { checkOverlapPorts } from './overlap-ports.js'
import { checkPortClash } from './port-clash.js'
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from './rule-options.js'
import { checkJobPolicy, checkTaskPolicy } from './security-policy.js'

/**
 * Checks `next` (replacing `current`, if any) and returns it with the fields rules own (a Job's id, an Event's
 * source, a Host's agent-owned status). `req.token` is the request's Job token (job-token.ts), needed to change a
 * Deployment's spec; `req.client` the API client that asked, if one did.
 */
export async function admitWrite(
  store: Store,
  next: HeliosObject,
  current?: HeliosObject,
  rules: RuleOptions = DEFAULT_RULE_OPTIONS,
  req: WriteRequest = {},
): Promise<HeliosObject> {
  const { token, client } = req
  switch (next.kind) {
    case 'Job':
      if (!current) {
        checkGraceAndStaticPorts(next) // Helios' rule, for new Jobs only: Jobs stored before it stay readable
        checkJobPolicy(next, rules.policy) // a Job's spec never changes: judged when created, and when deployed
        return withJobId(next)
      }
      return withJobId(checkJobImmutable(current as Job, asStoredJob(current as Job, next)), current as Job)
    case 'Deployment':
      // Rules about other objects run when the spec changes, so relabelling never trips on old state.
      // A spec change deploys, undeploys, starts or stops: it takes the token of the Job it leaves too.
      if (!current || !sameSpec(current, next)) {
        const effective = deploymentToken(next, token)
        await checkDeployment(store, next, effective)
        await checkDeploymentPolicy(store, next, current as Deployment | undefined, rules.policy)
        const left = (current as Deployment | undefined)?.spec.job
        if (left !== undefined && left !== next.spec.job) await checkJobTokenByName(store, left, effective)
      }
      return next
    case 'Host':
      return client ? keepAgentOwnedStatus(next, current as Host | undefined, client.user) : next
    case 'Event':
      return client && !current ? withWriterSource(next, client.user) : next
    case 'Task':
      // The agent runs the Task's own copy of the Job spec: it passes the policy like the Job did.
      if (!current || !sameSpec(current, next)) checkTaskPolicy(next, rules.policy)
      return next
    case 'Endpoints':
      return next
  }
}

/** Checks that objects of `kind` may be replaced at all: an Event is a record of the past. */
export function admitReplace(kind: Kind): void {
  if (kind !== 'Event') return
  const message = 'events are immutable; create a new one'
  throw new ApiError('Invalid', message, { causes: [{ field: 'kind', message }] })
}

/** Checks that `kind/name` may go away; removing a Job or a Deployment takes the Job's token. */
export async function admitDelete(store: Store, kind: Kind, name: string, token?: string): Promise<void> {
  if (kind === 'Job') {
    await checkJobTokenByName(store, name, token)
    await checkJobUnused(store, name)
  }
  if (kind === 'Deployment') {
    const deployment = (await store.get('Deployment', name)) as Deployment
    if (deployment.spec.job === undefined) return
    await checkJobTokenByName(store, deployment.spec.job, deploymentToken(deployment, token))
  }
}

/**
 * The token a Deployment write or delete presents: the request's (`--token`) when given, else the
 * Deployment's own `spec.rollout.token` (Helios' rollout token), so a manifest carrying the token can be
 * applied and deleted declaratively, as a GitOps repository does.
 */
const deploymentToken = (deployment: Deployment, requestToken: string | undefined): string | undefined =>
  requestToken ?? (deployment.spec.rollout.token || undefined)

async function checkDeployment(store: Store, deployment: Deployment, token: string | undefined): Promise<void> {
  const name = deployment.spec.job
  // A deployment group without a Job yet runs nothing: no token, ports or overlap to check.
  if (name === undefined) return
  const job = (await store.get('Job', name).catch((err) => {
    if (!isNotFound(err)) throw err
    const message = `job "${name}" not found`
    throw new ApiError('Invalid', message, { causes: [{ field: 'spec.job', message }] })
  })) as Job
  checkJobToken(job, token)
  checkOverlapPorts(deployment, job)
}

/**
 * The rules of a Deployment write about where its Job already runs (run after admitWrite): never two of one Job on a
 * host (job-once.ts) and no static port twice on a host (port-clash.ts). Returns the hand deploys it takes hosts over
 * from (migrate), which the write stores alongside itself; none for other kinds, or when the spec did not change.
 */
export async function admitTakeovers(store: Store, next: HeliosObject, current?: HeliosObject): Promise<Handover[]> {
  if (next.kind !== 'Deployment' || (current && sameSpec(current, next)) || next.spec.job === undefined) return []
  const job = await storedJob(store, next.spec.job)
  if (!job) return [] // admitWrite refused a missing Job already; a concurrent delete fails the write's reference
  const handovers = await checkJobOnce(store, next, job, current as Deployment | undefined)
  const me = next.metadata.name
  const { items } = await store.list('Deployment')
  const handing = (items as Deployment[]).filter((d) => Object.values(handedOver(d.metadata.annotations)).includes(me))
  const exempt = new Set([...handovers.map((h) => h.deployment.metadata.name), ...handing.map((d) => d.metadata.name)])
  await checkPortClash(store, next, job, exempt)
  return handovers
}
