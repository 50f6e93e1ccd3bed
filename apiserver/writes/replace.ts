/** @module Replace: PUT of the declared parts or of status, merged into the stored object under compare-and-set. */
import { type Event, type HeliosObject, isApiError, type Kind, type Task } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { auditEventOf } from '../audit.js'
import { admitReplace, admitTakeovers, admitWrite } from '../rules/admit.js'
import { explainClaimClash, holdingsOf } from '../rules/holdings.js'
import type { Handover } from '../rules/job-once.js'
import type { Alongside, Holdings } from '../storage/store.js'
import { conflict } from '../storage/store-errors.js'
import { sameDeclared, sameSpec, sameStatus } from './changes.js'
import { alongsideOf, type WriteRequest } from './create.js'
import { handoverEvents } from './handover-events.js'
import { writeWithEvents } from './joined-events.js'
import { withDeclared, withStatus } from './server-fields.js'
import { taskStateEventOf } from './task-state-event.js'

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
 * Nothing is written when nothing changed. `outcome`: what an apply's audit record says it did.
 *
 * The first attempt merges into the watch cache's copy (no ZooKeeper read) and writes compare-and-set on its
 * version, so a cache lagging behind the store can never be written over: the store refuses, and the next attempt
 * reads the store. Whatever else the cache's copy leads to (nothing to write, a refusal) is confirmed by reading the
 * store before it is answered.
 */
export async function replaceObject(
  ctx: WriteContext,
  incoming: HeliosObject,
  part: ReplacePart,
  req: WriteRequest = {},
  outcome?: string,
): Promise<ReplaceResult> {
  const { dryRun = false } = req
  const kind = incoming.kind as Kind
  const name = incoming.metadata.name
  const ifVersion = incoming.metadata.resourceVersion
  admitReplace(kind)
  for (let attempt = 1; ; attempt++) {
    const cached = attempt === 1 && !dryRun ? (ctx.store.peek(kind, name) as HeliosObject | undefined) : undefined
    const current = cached ?? ((await ctx.store.get(kind, name)) as HeliosObject)
    // The cache's copy may be behind the store: what it leads to but a write is confirmed against the store. Not
    // after Unavailable: a write whose answer was lost may have landed, and a second look would call it unchanged.
    const confirm = (err?: unknown) => cached !== undefined && !isApiError(err, 'Unavailable')
    let next: Admitted | undefined
    try {
      if (ifVersion !== undefined && current.metadata.resourceVersion !== ifVersion) throw conflict(kind, name)
      next = await admitted(ctx, current, incoming, part, req)
    } catch (err) {
      if (confirm(err)) continue
      throw err
    }
    if (!next) {
      if (confirm()) continue
      return { object: current, changed: false }
    }
    if (dryRun) return { object: next.object, changed: true }
    try {
      const events = [
        auditEventOf(ctx, req.audit, { kind, name, outcome, before: current, after: next.object }),
        ...handoverEvents(ctx, next.handovers, name, req),
        part === 'status' && req.taskEvent ? taskStateEventOf(next.object as Task, req) : undefined,
      ].filter((e): e is Event => e !== undefined)
      const { holds, alongside } = next
      const ifStored = current.metadata.resourceVersion
      const stored = await writeWithEvents(ctx, events, (joined) =>
        ctx.store.update(next.object, { ifVersion: ifStored, holds, alongside, ...joined }),
      )
      return { object: stored as HeliosObject, changed: true }
    } catch (err) {
      if (attempt >= ATTEMPTS) throw explainClaimClash(err)
      if (confirm(err)) continue
      if (!isApiError(err, 'Conflict') || ifVersion !== undefined) throw explainClaimClash(err)
    }
  }
}

/** What a replace would store: the object as admitted, the hand deploys it takes over, what it holds. */
interface Admitted {
  object: HeliosObject
  handovers: Handover[]
  holds: Holdings | undefined
  alongside: Alongside[]
}

/** `incoming` merged into `current` and admitted; undefined when that changes nothing. */
async function admitted(
  ctx: WriteContext,
  current: HeliosObject,
  incoming: HeliosObject,
  part: ReplacePart,
  req: WriteRequest,
): Promise<Admitted | undefined> {
  const merged = part === 'status' ? withStatus(current, incoming) : withDeclared(current, incoming)
  if (part === 'status' ? sameStatus(current, merged) : sameDeclared(current, merged)) return undefined
  const object = await admitWrite(ctx.store, merged, current, ctx.rules, req)
  // A rule may keep what is stored (a Job re-applied in an older spelling): then nothing changed after all.
  if (part === 'declared' && sameDeclared(current, object)) return undefined
  const handovers = await admitTakeovers(ctx.store, object, current)
  // What an object holds follows its spec: a status or label write keeps it (holds undefined).
  const holds = sameSpec(current, object) ? undefined : await holdingsOf(ctx.store, object)
  const alongside = req.dryRun ? [] : await alongsideOf(ctx, handovers)
  return { object, handovers, holds, alongside }
}
