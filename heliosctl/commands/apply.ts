/**
 * @module `heliosctl apply -f FILE|DIR|- [--prune --set NAME]`: server-side apply of manifests, Jobs before Hosts
 * before Deployments; with an apply set, then deletes what the set held but the manifests no longer do.
 */
import type { Command } from 'commander'
import { ApiError, applySetIdProblem, type ParsedManifest } from '../../apis/index.js'
import { type Ctx, println, readAll } from '../context.js'
import { loadManifests } from '../manifest-files.js'
import { UsageError } from '../usage-error.js'
import { collect, type Run } from './run.js'

const EXAMPLES = `
Examples:
  heliosctl apply -f nginx.yaml
  heliosctl apply -f manifests/ --dry-run
  heliosctl apply -f manifests/ --prune --set web      # delete what left manifests/ since the last apply
  heliosctl apply -f manifests/ --watch --prune        # GitOps: sync on every change, prune set "manifests"
  cat nginx.yaml | heliosctl apply -f -`

export interface ApplyOpts {
  filename: string[]
  dryRun?: boolean
  prune?: boolean
  set?: string
  watch?: boolean
}

// A Deployment must find its Job on the server; Hosts come before Deployments so selectors see labels.
const ORDER: Record<string, number> = { Job: 0, Host: 1, Deployment: 2 }

export function defineApply(program: Command, run: Run): void {
  program
    .command('apply')
    .description('create or update objects from manifest files (all files are validated before any is sent)')
    .requiredOption('-f, --filename <path>', 'manifest file, directory or - for stdin (repeatable)', collect)
    .option('--dry-run', 'ask the apiserver what would change without changing it')
    .option('--set <name>', 'apply set: label every object helios/apply-set=NAME (with --prune)')
    .option('--prune', 'then delete the Deployments, Jobs and Hosts of --set that the manifests no longer hold')
    .option(
      '--watch',
      'keep running: re-apply DIR on every change, one line per sync (--prune: set defaults to DIR name)',
    )
    .addHelpText('after', EXAMPLES)
    .action((_opts: ApplyOpts, cmd: Command) => run(apply, {}, cmd))
}

/** Applies every object in file order within its kind; stops at the first server error. */
export async function apply(ctx: Ctx, _args: object, opts: ApplyOpts): Promise<number> {
  // Loaded only for --watch, so every other apply starts without the file watcher.
  if (opts.watch) return (await import('../gitops/watch-command.js')).applyWatch(ctx, opts)
  if (opts.prune && opts.set === undefined) throw new UsageError('--prune needs --set NAME (the apply set to prune)')
  if (opts.set !== undefined && !opts.prune) throw new UsageError('--set is used with --prune')
  const problem = opts.set === undefined ? undefined : applySetIdProblem(opts.set)
  if (problem) throw new UsageError(problem)
  const manifests = sortForApply(await loadManifests(opts.filename, () => readAll(ctx.stdin)))
  if (manifests.length === 0) throw new UsageError('no objects passed to apply')
  const task = manifests.find((m) => m.object.kind === 'Task')
  if (task) throw new UsageError(`${task.source}: Tasks are written by the deployment controller; apply a Deployment`)
  const suffix = opts.dryRun ? ' (dry run)' : ''
  for (const { object, source } of manifests) {
    const ref = `${object.kind.toLowerCase()}/${object.metadata.name}`
    try {
      const result = await ctx.client.apply(object, { dryRun: opts.dryRun, set: opts.set })
      println(ctx.stdout, `${ref} ${result.outcome}${suffix}`)
    } catch (err) {
      if (!(err instanceof ApiError) || err.code === 'Unavailable') throw err
      throw new ApiError(err.code, `${ref} (${source}): ${err.message}`, { causes: err.causes, cause: err })
    }
  }
  if (opts.prune && opts.set !== undefined) {
    const keep = manifests.map(({ object }) => ({ kind: object.kind, name: object.metadata.name }))
    const { deleted, skipped } = await ctx.client.prune(opts.set, keep, { dryRun: opts.dryRun })
    for (const { kind, name } of deleted) println(ctx.stdout, `${kind.toLowerCase()}/${name} pruned${suffix}`)
    for (const { kind, name, reason } of skipped) {
      println(ctx.stderr, `warning: ${kind.toLowerCase()}/${name} not pruned: ${reason}`)
    }
  }
  return 0
}

/** Stable sort by kind: Jobs, Hosts, Deployments; file order within a kind. */
export const sortForApply = (manifests: ParsedManifest[]): ParsedManifest[] =>
  [...manifests].sort((a, b) => (ORDER[a.object.kind] ?? 3) - (ORDER[b.object.kind] ?? 3))
