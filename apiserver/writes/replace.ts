/** @module Replace: PUT of the declared parts or of status, merged into the stored object under compare-and-set. */
import { type HeliosObject, isApiError, type Kind } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { admitReplace, admitTakeovers, admitWrite } from '../rules/admit.js'
import { explainClaimClash, holdingsOf } from '../rules/holdings.js'
import { conflict } from '../storage/store-errors.js'
import { sameDeclared, sameSpec, sameStatus } from './changes.js'
import { alongsideOf, type WriteRequest } from './create.js'
import { recordHandovers } from './handover-events.js'
import { withDeclared, withStatus } from './server-fields.js'

export type ReplacePart = 'declared' | 'status'

export interface ReplaceResult {
  object: HeliosObject
  changed: boolean
}

const ATTEMPTS = 5

/**
 * Replaces spec/labels/annotations ('declared', status kept) or only status ('status', the rest kept).
 * With `incoming.metadata.resourceVersion` the write is compare-and-set on it; without, a concurrent
 * write in between (say an agent's status) is re-read and merged again instead of being overwritten.
 * Nothing is written when nothing changed.
 */
export async function replaceObject(
  ctx: WriteContext,
  incoming: HeliosObject,
  part: ReplacePart,
  req: WriteRequest = {},
): Promise<ReplaceResult> {
  const { dryRun = false } = req
  const kind = incoming.kind as Kind
  const name = incoming.metadata.name
  const ifVersion = incoming.metadata.resourceVersion
  admitReplace(kind)
  for (let attempt = 1; ; attempt++) {
    const current = (await ctx.store.get(kind, name)) as HeliosObject
    if (ifVersion !== undefined && current.metadata.resourceVersion !== ifVersion) throw conflict(kind, name)
    const merged = part === 'status' ? withStatus(current, incoming) : withDeclared(current, incoming)
    const same = part === 'status' ? sameStatus(current, merged) : sameDeclared(current, merged)
    if (same) return { object: current, changed: false }
    const admitted = await admitWrite(ctx.store, merged, current, ctx.rules, req)
    // A rule may keep what is stored (a Job re-applied in an older spelling): then nothing changed after all.
    if (part === 'declared' && sameDeclared(current, admitted)) return { object: current, changed: false }
    const handovers = await admitTakeovers(ctx.store, admitted, current)
    // What an object holds follows its spec: a status or label write keeps it (holds undefined).
    const holds = sameSpec(current, admitted) ? undefined : await holdingsOf(ctx.store, admitted)
    if (dryRun) return { object: admitted, changed: true }
    try {
      const alongside = await alongsideOf(ctx, handovers)
      const stored = await ctx.store.update(admitted, { ifVersion: current.metadata.resourceVersion, holds, alongside })
      await recordHandovers(ctx, handovers, name, req)
      return { object: stored as HeliosObject, changed: true }
    } catch (err) {
      if (!isApiError(err, 'Conflict') || ifVersion !== undefined || attempt >= ATTEMPTS) throw explainClaimClash(err)
    }
  }
}
