/** @module `heliosctl get KIND [NAME] -w`: the current objects, then one row or document per change until ctx.signal aborts. */
import type { HeliosObject, Kind, Task } from '../../apis/index.js'
import type { Ctx } from '../context.js'
import { followChanges } from '../follow-changes.js'
import { type GetFormat, type RowFacts, watchPrinter } from '../print/watch-output.js'
import { deploymentTasks, type GetOpts, notFound } from './get.js'

/** Follows `kind` (one object with `name`) and prints as it goes; exit 0 when interrupted. */
export async function watchGet(ctx: Ctx, kind: Kind, name: string | undefined, opts: GetOpts): Promise<number> {
  const fieldSelector = [opts.fieldSelector, name && `metadata.name=${name}`].filter(Boolean).join(',') || undefined
  const printer = watchPrinter(kind, (opts.output ?? 'table') satisfies GetFormat)
  const facts = async (objects: readonly HeliosObject[]): Promise<RowFacts> => ({
    now: ctx.clock.now(),
    tasks: kind === 'Deployment' && objects.length > 0 ? await tasksOf(ctx, objects, name) : undefined,
  })
  await followChanges(
    ctx,
    kind,
    { labelSelector: opts.selector, fieldSelector },
    {
      onList: async (items) => {
        if (name && items.length === 0) throw notFound(kind, name)
        if (opts.watchOnly) return
        const sorted = [...items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
        ctx.stdout.write(printer.initial(sorted as HeliosObject[], await facts(sorted as HeliosObject[])))
      },
      onChange: async (obj) => {
        const one = obj as HeliosObject
        ctx.stdout.write(printer.change(one, await facts([one])))
      },
    },
  )
  return 0
}

/** READY needs the Tasks: of the one Deployment changed, or of all at the start. */
function tasksOf(ctx: Ctx, objects: readonly HeliosObject[], name: string | undefined): Promise<Task[]> {
  const only = name ?? (objects.length === 1 ? objects[0]?.metadata.name : undefined)
  return deploymentTasks(ctx, only)
}
