/** @module Create: server fields, admission, store; used by POST and by apply. */
import type { HeliosObject } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { admitWrite } from '../rules/admit.js'
import { asNewObject } from './server-fields.js'

/** Creates `obj` (already parsed). With dryRun, runs every rule and returns the would-be object unstored. */
export async function createObject(ctx: WriteContext, obj: HeliosObject, dryRun = false): Promise<HeliosObject> {
  const admitted = await admitWrite(ctx.store, asNewObject(obj, ctx.now()))
  if (dryRun) return admitted
  return (await ctx.store.create(admitted)) as HeliosObject
}
