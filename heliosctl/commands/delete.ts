/** @module `heliosctl delete -f FILE|DIR` or `delete KIND NAME`: Deployments go before the Jobs they use. */
import type { Command } from 'commander'
import { ApiError, isNotFound, type Kind, type ParsedManifest } from '../../apis/index.js'
import { type Ctx, println, readAll } from '../context.js'
import { loadManifests } from '../manifest-files.js'
import { UsageError } from '../usage-error.js'
import { userKind } from './get.js'
import { collect, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl delete -f nginx.yaml     # objects already gone are skipped
  heliosctl delete deployment nginx`

export interface DeleteArgs {
  kind?: string
  name?: string
}
export interface DeleteOpts {
  filename?: string[]
}

// The reverse of apply: the apiserver refuses to delete a Job a Deployment still uses.
const ORDER: Record<string, number> = { Task: 0, Deployment: 1, Host: 2, Job: 3 }

export function defineDelete(program: Command, run: Run): void {
  program
    .command('delete')
    .description('delete the objects named in manifest files, or one object by kind and name')
    .argument('[kind]', 'job, deployment, host or task')
    .argument('[name]', 'the object to delete')
    .option('-f, --filename <path>', 'manifest file, directory or - for stdin (repeatable)', collect)
    .addHelpText('after', EXAMPLES)
    .action((kind: string | undefined, name: string | undefined, _opts: DeleteOpts, cmd: Command) =>
      run(deleteVerb, { kind, name }, cmd),
    )
}

/** Deletes by files (absent objects skipped) or by name (absent is an error). */
export async function deleteVerb(ctx: Ctx, args: DeleteArgs, opts: DeleteOpts): Promise<number> {
  if (opts.filename?.length) {
    if (args.kind) throw new UsageError('give either -f or KIND NAME, not both')
    const manifests = await loadManifests(opts.filename, () => readAll(ctx.stdin))
    for (const { object } of sortForDelete(manifests)) {
      await deleteOne(ctx, object.kind, object.metadata.name, true)
    }
    return 0
  }
  if (!args.kind || !args.name) throw new UsageError('give -f FILE or KIND NAME')
  await deleteOne(ctx, userKind(args.kind), args.name, false)
  return 0
}

async function deleteOne(ctx: Ctx, kind: Kind, name: string, skipMissing: boolean): Promise<void> {
  const ref = `${kind.toLowerCase()}/${name}`
  try {
    await ctx.client.delete(kind, name)
    println(ctx.stdout, `${ref} deleted`)
  } catch (err) {
    if (!isNotFound(err)) throw err
    if (!skipMissing) throw new ApiError('NotFound', `${kind.toLowerCase()} "${name}" not found`, { cause: err })
    println(ctx.stdout, `${ref} not found (skipped)`)
  }
}

/** Stable sort: Deployments, then Hosts, then Jobs. */
export const sortForDelete = (manifests: ParsedManifest[]): ParsedManifest[] =>
  [...manifests].sort((a, b) => (ORDER[a.object.kind] ?? 4) - (ORDER[b.object.kind] ?? 4))
