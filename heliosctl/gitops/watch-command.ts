/**
 * @module `heliosctl apply -f DIR --watch [--prune [--set NAME]]`: checks the flags, names the apply set, and
 * runs the sync loop on the real folder watch until SIGINT or SIGTERM.
 */
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { applySetIdProblem } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { untilInterrupted } from '../interrupt.js'
import { UsageError } from '../usage-error.js'
import { watchFolder } from './folder-watcher.js'
import { runSyncLoop, type SyncLoopOptions } from './sync-loop.js'

/** Quiet time after the last change before syncing: an editor's save is often several writes and a rename. */
export const DEBOUNCE_MS = 300
/** How long a sync waits for its changes to converge before it says `not converged after 60s`. */
export const CONVERGE_TIMEOUT_MS = 60_000

/** The apply flags `--watch` looks at. */
export interface WatchFlags {
  filename: string[]
  dryRun?: boolean | string
  prune?: boolean
  set?: string
}

/** Runs the watch in this process until SIGINT or SIGTERM; exit 0. */
export async function applyWatch(ctx: Ctx, flags: WatchFlags): Promise<number> {
  const opts = await watchOptions(flags)
  const pruning = opts.set === undefined ? 'no pruning' : `pruning apply set "${opts.set}"`
  println(ctx.stdout, `watching ${opts.dir} (${pruning}); Ctrl-C stops`)
  return untilInterrupted((stop) => runSyncLoop(ctx, opts, { watch: watchFolder, stop }))
}

/** The loop's options from the flags; bad combinations are usage errors (exit 2). */
export async function watchOptions(flags: WatchFlags): Promise<SyncLoopOptions> {
  const [dir, ...more] = flags.filename
  if (dir === undefined || more.length > 0 || dir === '-') throw new UsageError('--watch takes exactly one -f DIR')
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new UsageError(`--watch needs a directory; "${dir}" is not one`)
  if (flags.dryRun !== undefined && flags.dryRun !== 'none')
    throw new UsageError('--watch cannot be combined with --dry-run')
  if (flags.set !== undefined && !flags.prune) throw new UsageError('--set is used with --prune')
  return {
    dir,
    prune: flags.prune === true,
    set: flags.prune ? applySetOf(dir, flags.set) : undefined,
    debounceMs: DEBOUNCE_MS,
    convergeTimeoutMs: CONVERGE_TIMEOUT_MS,
  }
}

// Without --set, the folder's name is the set: watching the same folder again prunes what it left meanwhile.
function applySetOf(dir: string, set: string | undefined): string {
  const name = set ?? basename(resolve(dir))
  const problem = applySetIdProblem(name)
  if (!problem) return name
  throw new UsageError(set === undefined ? `${problem}; name the set with --set NAME` : problem)
}
