/** @module Create: server fields, admission, store; used by POST and by apply. New Events trim their history. */
import type { Event, HeliosObject } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { admitWrite } from '../rules/admit.js'
import { trimHistory } from './event-retention.js'
import { asNewObject } from './server-fields.js'

/** What a request adds to a write: dryRun (run every rule, store nothing) and the Job token it carries. */
export interface WriteRequest {
  dryRun?: boolean
  token?: string
}

/** Creates `obj` (already parsed). With dryRun, runs every rule and returns the would-be object unstored. */
export async function createObject(
  ctx: WriteContext,
  obj: HeliosObject,
  req: WriteRequest = {},
): Promise<HeliosObject> {
  const { dryRun = false, token } = req
  const admitted = await admitWrite(ctx.store, asNewObject(obj, ctx.now()), undefined, ctx.rules, token)
  if (dryRun) return admitted
  const created = (await ctx.store.create(admitted)) as HeliosObject
  if (created.kind === 'Event') {
    // The Event is stored; a failed trim only leaves the history long until the next create trims it.
    await trimHistory(ctx, created as Event).catch((err: unknown) =>
      ctx.log('warn', 'could not trim event history', { event: created.metadata.name, error: err }),
    )
  }
  return created
}
