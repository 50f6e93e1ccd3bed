/** @module Create: server fields, admission, store; used by POST and by apply. New Events trim their history. */
import type { Event, HeliosObject } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import type { AuthUser } from '../auth/authorize.js'
import { admitTakeovers, admitWrite } from '../rules/admit.js'
import { explainClaimClash, holdingsOf } from '../rules/holdings.js'
import type { Handover } from '../rules/job-once.js'
import { type Alongside, NO_HOLDINGS } from '../storage/store.js'
import { trimHistory } from './event-retention.js'
import { recordHandovers } from './handover-events.js'
import { asNewObject } from './server-fields.js'

/** What a request adds to a write: dryRun (run every rule, store nothing), the Job token it carries, its writer. */
export interface WriteRequest {
  dryRun?: boolean
  token?: string
  /**
   * Present when an API client asked for the write (its user, undefined when the API is open); absent for the
   * apiserver's own writes (audit records), which are the only ones trusted with server-owned fields.
   */
  client?: { user?: AuthUser }
}

/** Creates `obj` (already parsed). With dryRun, runs every rule and returns the would-be object unstored. */
export async function createObject(
  ctx: WriteContext,
  obj: HeliosObject,
  req: WriteRequest = {},
): Promise<HeliosObject> {
  const { dryRun = false } = req
  const admitted = await admitWrite(ctx.store, asNewObject(obj, ctx.now()), undefined, ctx.rules, req)
  const handovers = await admitTakeovers(ctx.store, admitted)
  const holds = await holdingsOf(ctx.store, admitted)
  if (dryRun) return admitted
  const alongside = await alongsideOf(ctx, handovers)
  const created = (await ctx.store
    .create(admitted, { holds, alongside })
    .catch((err: unknown) => Promise.reject(explainClaimClash(err)))) as HeliosObject
  await recordHandovers(ctx, handovers, created.metadata.name, req)
  if (created.kind === 'Event') {
    // The Event is stored; a failed trim only leaves the history long until the next create trims it.
    await trimHistory(ctx, created as Event).catch((err: unknown) =>
      ctx.log('warn', 'could not trim event history', { event: created.metadata.name, error: err }),
    )
  }
  return created
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
