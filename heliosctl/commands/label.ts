/** @module `heliosctl label KIND NAME k=v… k-…`: kubectl's label verb over metadata.labels of a host, deployment or job. */
import type { Command } from 'commander'
import type { HeliosObject } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { applyLabels, parseLabelArgs } from '../label-changes.js'
import { editObject } from '../object-edit.js'
import { kindName } from '../print/object-ref.js'
import { UsageError } from '../usage-error.js'
import { userKind } from './get.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Examples:
  heliosctl label host web1 role=web zone=eu
  heliosctl label host web1 role=api --overwrite
  heliosctl label deployment nginx tier-`

export interface LabelArgs {
  kind: string
  name: string
  labels: string[]
}
export interface LabelOpts extends GlobalOpts {
  overwrite?: boolean
}

export function defineLabel(program: Command, run: Run): void {
  program
    .command('label')
    .description('set (k=v) or remove (k-) labels of a host, deployment or job')
    .argument('<kind>', 'host, deployment or job')
    .argument('<name>', 'the object')
    .argument('<labels...>', 'key=value to set, key- to remove')
    .option('--overwrite', 'allow changing the value of a label that is already set')
    .addHelpText('after', HELP)
    .action((kind: string, name: string, labels: string[], _opts: LabelOpts, cmd: Command) =>
      run(label, { kind, name, labels }, cmd),
    )
}

export async function label(ctx: Ctx, args: LabelArgs, opts: LabelOpts): Promise<number> {
  const kind = userKind(args.kind)
  if (kind === 'Task' || kind === 'Event') throw new UsageError(`${kind.toLowerCase()}s are not labelled by users`)
  const changes = parseLabelArgs(args.labels)
  const relabel = (obj: HeliosObject): HeliosObject | undefined => {
    const inherited = obj.kind === 'Host' ? (obj.status?.labels ?? {}) : {}
    const labels = applyLabels(obj.metadata.labels, changes, opts.overwrite === true, inherited)
    if (JSON.stringify(labels) === JSON.stringify(obj.metadata.labels)) return undefined
    return { ...obj, metadata: { ...obj.metadata, labels } } as HeliosObject
  }
  const edit = await editObject(ctx, kind, args.name, relabel as never)
  const what = kindName(kind, args.name)
  if (opts.json)
    println(ctx.stdout, JSON.stringify({ object: what, labeled: edit.changed, labels: edit.after.metadata.labels }))
  else println(ctx.stdout, `${what} ${edit.changed ? 'labeled' : 'not labeled'}`)
  return 0
}
