/** @module Create: server fields, admission, store; used by POST and by apply. The write's Events ride in its transaction. */
import type { Event, HeliosObject, Kind } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { type AuditIntent, auditEventOf } from '../audit.js'
import type { AuthUser } from '../auth/authorize.js'
import { admitTakeovers, admitWrite } from '../rules/admit.js'
import { explainClaimClash, holdingsOf } from '../rules/holdings.js'
import type { Handover } from '../rules/job-once.js'
import { type Alongside, NO_HOLDINGS } from '../storage/store.js'
import { handoverEvents } from './handover-events.js'
import { type EventOptions, writeWithEvents } from './joined-events.js'
import { asNewObject } from './server-fields.js'

/** What a request adds to a write: dryRun (run every rule, store nothing), the Job token it carries, its writer. */
export interface WriteRequest {
  dryRun?: boolean
  token?: string
  /**
   * Present when an API client asked for the write (its user, undefined when the API is open); absent for the
   * apiserver's own writes, which are the only ones trusted with server-owned fields.
   */
  client?: { user?: AuthUser }
  /** Record the write as an audit Event, in its transaction (set by the route's guard: audit.ts). */
  audit?: AuditIntent
  /** A Task status write: store the TaskState Event of the new status with it (`?event=true`, task-state-event.ts). */
  taskEvent?: boolean
}

/** Creates `obj` (already parsed). With dryRun, runs every rule and returns the would-be object unstored. */
export async function createObject(
  ctx: WriteContext,
  obj: HeliosObject,
  req: WriteRequest = {},
  outcome?: string,
): Promise<HeliosObject> {
  const { dryRun = false } = req
  const admitted = await admitWrite(ctx.store, asNewObject(obj, ctx.now()), undefined, ctx.rules, req)
  const handovers = await admitTakeovers(ctx.store, admitted)
  const holds = await holdingsOf(ctx.store, admitted)
  if (dryRun) return admitted
  const alongside = await alongsideOf(ctx, handovers)
  const name = admitted.metadata.name
  const audit = auditEventOf(ctx, req.audit, { kind: admitted.kind as Kind, name, outcome, after: admitted })
  const events = [...(audit ? [audit] : []), ...handoverEvents(ctx, handovers, name, req)]
  // An Event trims its own history in its transaction (it may be the one trimmed, when older than those kept).
  const own = admitted.kind === 'Event' ? (admitted as Event) : undefined
  const write = (joined: EventOptions) => ctx.store.create(admitted, { holds, alongside, ...joined })
  return writeWithEvents(ctx, events, write, own).catch((err: unknown) =>
    Promise.reject(explainClaimClash(err)),
  ) as Promise<HeliosObject>
}

/** The hand deploys a write takes hosts over from, with what each holds afterwards (WriteOptions.alongside). */
export async function alongsideOf(ctx: WriteContext, handovers: readonly Handover[]): Promise<Alongside[]> {
  return Promise.all(
    handovers.map(async ({ deployment }) => ({
      object: deployment,
      holds: (await holdingsOf(ctx.store, deployment)) ?? NO_HOLDINGS,
    })),
  )
}
