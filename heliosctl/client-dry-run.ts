/**
 * @module `apply --dry-run=client`: what apply would say, from the parsed manifest and a GET of the live
 * object (kubectl's client dry run also reads); never a write, never the server's admission rules.
 */
import { type AnyObject, APPLY_SET_LABEL, type ApplyOutcome, isNotFound, type Kind } from '../apis/index.js'
import type { Ctx } from './context.js'
import { sameDeclared } from './declared-view.js'

/** The manifest as apply would send it: with `set`, labelled with the apply set. */
export function withApplySet<T extends AnyObject>(object: T, set: string | undefined): T {
  if (set === undefined) return object
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, [APPLY_SET_LABEL]: set } } }
}

/** created (absent), unchanged (same spec, labels, annotations) or configured. */
export async function clientDryRunOutcome(ctx: Ctx, object: AnyObject, set?: string): Promise<ApplyOutcome> {
  const live = await getLive(ctx, object.kind as Kind, object.metadata.name)
  if (!live) return 'created'
  return sameDeclared(live, withApplySet(object, set)) ? 'unchanged' : 'configured'
}

/** The live object, or undefined when there is none. */
export async function getLive(ctx: Ctx, kind: Kind, name: string): Promise<AnyObject | undefined> {
  try {
    return await ctx.client.get(kind, name)
  } catch (err) {
    if (isNotFound(err)) return undefined
    throw err
  }
}

/** Objects of apply set `set` that `keep` does not name, by label (what --prune would consider). */
export async function setLeftovers(ctx: Ctx, set: string, keep: ReadonlySet<string>): Promise<AnyObject[]> {
  const labelSelector = `${APPLY_SET_LABEL}=${set}`
  const out: AnyObject[] = []
  for (const kind of ['Deployment', 'Job', 'Host'] as const) {
    const { items } = await ctx.client.list(kind, { labelSelector })
    out.push(...items.filter((o) => !keep.has(`${kind}/${o.metadata.name}`)))
  }
  return out
}
