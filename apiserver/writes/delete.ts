/** @module Delete: admission, the store (with the audit Event), then what depended on the object (a Job's Events). */
import type { AnyObject, Kind } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { auditEventOf } from '../audit.js'
import { admitDelete } from '../rules/admit.js'
import { conflict } from '../storage/store-errors.js'
import type { WriteRequest } from './create.js'
import { deleteJobEvents } from './event-retention.js'
import { writeWithEvents } from './joined-events.js'

/**
 * Deletes `kind/name` (compare-and-set on `ifVersion`; `req.token`: the request's Job token) and returns it as it
 * was last stored. With `req.dryRun` every rule runs and the object is returned as stored, still there.
 */
export async function deleteObject(
  ctx: WriteContext,
  kind: Kind,
  name: string,
  ifVersion?: string,
  req: WriteRequest = {},
): Promise<AnyObject> {
  await admitDelete(ctx.store, kind, name, req.token)
  if (req.dryRun) {
    const current = await ctx.store.get(kind, name)
    if (ifVersion !== undefined && current.metadata.resourceVersion !== ifVersion) throw conflict(kind, name)
    return current
  }
  const audit = auditEventOf(ctx, req.audit, { kind, name })
  let recorded: readonly string[] = []
  const deleted = await writeWithEvents(ctx, audit ? [audit] : [], (joined) => {
    recorded = (joined.events ?? []).map((e) => e.metadata.name)
    return ctx.store.delete(kind, name, { ifVersion, ...joined })
  })
  if (kind === 'Job') {
    // The Job is gone whatever happens next; leftover Events are only history, so a failure is logged, not returned.
    // The record of this deletion stays.
    await deleteJobEvents(ctx, name, new Set(recorded)).catch((err: unknown) =>
      ctx.log('warn', 'could not delete the events of a deleted job', { job: name, error: err }),
    )
  }
  return deleted
}
