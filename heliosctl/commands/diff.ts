/**
 * @module `heliosctl diff -f FILE|DIR|- [-R] [--set NAME]`: what apply would change, as `diff -u` of the live
 * objects and the server's dry-run result (kubectl diff). Exit 0 no differences, 1 differences, 2 error.
 */
import type { Command } from 'commander'
import type { Ctx } from '../context.js'
import { declaredView } from '../declared-view.js'
import { manifestPairs, type ObjectPair, prunedPairs } from '../diff-objects.js'
import { formatError } from '../print/error.js'
import { unifiedDiff } from '../print/unified-diff.js'
import { checkSetName, loadForApply } from './apply.js'
import { collect, type GlobalOpts, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl diff -f manifests/ -R
  heliosctl diff -f manifests/ --set web     # also shows what apply --prune --set web would delete

Compares each live object with what the apiserver's dry-run apply would store, without status,
uid, resourceVersion, generation and creationTimestamp. A new object is all added; with --set, an
object of the set that the manifests no longer hold (that a prune would delete) is all removed.

Exit status (kubectl diff's):
  0  no differences
  1  differences found
  2  an error: usage, an invalid manifest, an apiserver refusal, an unreachable apiserver`

export interface DiffOpts extends GlobalOpts {
  filename: string[]
  recursive?: boolean
  set?: string
}

/** Any error is exit 2: 1 is taken by "differences found". */
export const DIFF_ERROR_EXIT = 2

export function defineDiff(program: Command, run: Run): void {
  program
    .command('diff')
    .description('show what apply would change: live objects against the apiserver dry run (exit 1 if any)')
    .requiredOption('-f, --filename <path>', 'manifest file, directory or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'also read the subdirectories of a -f directory')
    .option('--set <name>', 'apply set: also show the objects a prune of this set would delete')
    .addHelpText('after', EXAMPLES)
    .action((_opts: DiffOpts, cmd: Command) => run(diff, {}, cmd))
}

/** Prints one unified diff per changed object; errors are printed here because their exit code is 2, not 1. */
export async function diff(ctx: Ctx, _args: object, opts: DiffOpts): Promise<number> {
  try {
    checkSetName(opts.set)
    const manifests = await loadForApply(ctx, opts)
    const pairs = await manifestPairs(ctx, manifests, opts.set)
    if (opts.set !== undefined) pairs.push(...(await prunedPairs(ctx, manifests, opts.set)))
    const text = pairs.map((pair) => renderPair(ctx, pair)).join('')
    ctx.stdout.write(text)
    return text === '' ? 0 : 1
  } catch (err) {
    ctx.stderr.write(formatError(err, { verbose: opts.verbose }))
    return DIFF_ERROR_EXIT
  }
}

function renderPair(ctx: Ctx, { ref, live, merged }: ObjectPair): string {
  return unifiedDiff(
    { label: `live/${ref}`, object: live && declaredView(live) },
    { label: `merged/${ref}`, object: merged && declaredView(merged) },
    ctx.colors,
  )
}
