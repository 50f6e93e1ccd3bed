/** @module Read-modify-write of one object: compare-and-set on resourceVersion, read again on a 409 (kubectl's retry-on-conflict). */
import { isApiError, isConflict, type Kind, type ObjectOf, parseRefusal } from '../apis/index.js'
import type { WriteOptions } from '../client/index.js'
import { getOne } from './commands/get.js'
import type { Ctx } from './context.js'

const ATTEMPTS = 3

export interface Edited<T> {
  before: T
  after: T
  /** False when `change` returned undefined: nothing was written. */
  changed: boolean
}

/**
 * Reads `kind/name`, applies `change` to a copy (undefined = nothing to do) and writes it back with the
 * resourceVersion read, so a concurrent writer makes the write fail (409) rather than be overwritten;
 * then reads again and re-applies `change`, up to three times. NotFound reads `deployment "x" not found`.
 */
export async function editObject<K extends Kind>(
  ctx: Ctx,
  kind: K,
  name: string,
  change: (current: ObjectOf<K>) => ObjectOf<K> | undefined,
  opts: WriteOptions = {},
): Promise<Edited<ObjectOf<K>>> {
  for (let attempt = 1; ; attempt++) {
    const before = (await getOne(ctx, kind, name)) as ObjectOf<K>
    const wanted = change(structuredClone(before))
    if (!wanted) return { before, after: before, changed: false }
    try {
      return { before, after: await ctx.client.update(kind, wanted, opts), changed: true }
    } catch (err) {
      // A refusal in Helios' words (JOB_ALREADY_DEPLOYED, PORT_CONFLICT) is no race: reading again changes nothing.
      if (!isConflict(err) || refuses(err) || attempt >= ATTEMPTS) throw err
    }
  }
}

const refuses = (err: unknown): boolean => isApiError(err) && err.causes.some((c) => parseRefusal(c) !== undefined)
