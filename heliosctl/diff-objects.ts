/**
 * @module What `heliosctl diff` compares: each manifest's live object against the server's dry-run apply of it
 * (so defaults and server-set fields match), and with an apply set the objects a prune would delete.
 */
import type { AnyObject, Deployment, Kind, ParsedManifest } from '../apis/index.js'
import { getLive, withApplySet } from './client-dry-run.js'
import type { Ctx } from './context.js'
import { objectRef } from './print/object-ref.js'

export interface ObjectPair {
  /** `deployment/web`. */
  ref: string
  live?: AnyObject
  merged?: AnyObject
}

/** One pair per manifest, in apply order. */
export async function manifestPairs(ctx: Ctx, manifests: ParsedManifest[], set?: string): Promise<ObjectPair[]> {
  const pairs: ObjectPair[] = []
  const newJobs = new Set<string>()
  for (const { object } of manifests) {
    const live = await getLive(ctx, object.kind as Kind, object.metadata.name)
    if (object.kind === 'Job' && !live) newJobs.add(object.metadata.name)
    // A dry run stores nothing, so the server cannot see a Job this same diff would create: the
    // Deployment using it is new or changed either way, and the manifest is what would be stored.
    const usesNewJob = object.kind === 'Deployment' && newJobs.has((object as Deployment).spec.job ?? '')
    const merged = usesNewJob
      ? withApplySet(object, set)
      : (await ctx.client.apply(object, { dryRun: true, set })).object
    pairs.push({ ref: refOf(object), live, merged })
  }
  return pairs
}

/** The objects of apply set `set` that a prune would delete now (the server's prune dry run), as removals. */
export async function prunedPairs(ctx: Ctx, manifests: ParsedManifest[], set: string): Promise<ObjectPair[]> {
  const keep = manifests.map(({ object }) => ({ kind: object.kind, name: object.metadata.name }))
  const { deleted } = await ctx.client.prune(set, keep, { dryRun: true })
  const pairs: ObjectPair[] = []
  for (const { kind, name } of deleted) {
    const live = await getLive(ctx, kind as Kind, name)
    if (live) pairs.push({ ref: refOf(live), live })
  }
  return pairs
}

const refOf = (o: AnyObject): string => objectRef(o)
