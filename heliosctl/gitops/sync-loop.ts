/**
 * @module `apply --watch`'s loop: a first sync at start, then one sync per burst of changes (debounced), a retry
 * with backoff while the apiserver is unreachable, and a clean end when `stop` aborts. Watch events only
 * wake the loop; every sync re-reads the whole folder (level-triggered).
 */
import { Backoff, type Clock } from '../../client/index.js'
import { type Ctx, println } from '../context.js'
import { syncLine } from '../print/sync-line.js'
import { type SyncMemory, type SyncOptions, type SyncResult, syncFolder } from './sync-folder.js'

export interface FolderWatch {
  close(): Promise<void>
}

/** Starts watching `dir`, calling `onChange` for any change that may matter; resolves once the watch is live. */
export type WatchFolder = (dir: string, onChange: () => void) => Promise<FolderWatch>

export interface SyncLoopOptions extends SyncOptions {
  /** Quiet time after the last change before a sync starts (editors write a file in several steps). */
  debounceMs: number
}

/** The retry while the apiserver is unreachable: 1 s doubling to 30 s, ±20% (client/backoff.ts). */
export const RETRY = { initialMs: 1000, maxMs: 30_000 }

/** Runs until `stop` aborts; returns the exit code (0). One line per sync on stdout. */
export async function runSyncLoop(
  ctx: Ctx,
  opts: SyncLoopOptions,
  deps: { watch: WatchFolder; stop: AbortSignal; random?: () => number },
): Promise<number> {
  const { stop } = deps
  const changes = new ChangeSignal(ctx.clock)
  // Watch before the first read, so a change made while it runs is not lost.
  const watch = await deps.watch(opts.dir, () => changes.notify())
  let memory: SyncMemory = { n: 0, lastGood: new Map(), applied: false }
  const retry = new Backoff(RETRY, deps.random)
  try {
    while (!stop.aborted) {
      changes.clear()
      const result = await syncSafely(ctx, opts, memory, stop)
      memory = result.memory
      const unreachable = result.report.unreachable !== undefined
      if (!unreachable) retry.succeeded()
      const retryInMs = unreachable ? retry.failed() : 0
      println(ctx.stdout, syncLine({ ...result.report, retryInMs }, ctx.colors))
      // Changes during a backoff are picked up by the retry, which reads the whole folder anyway.
      if (unreachable) await ctx.clock.sleep(retryInMs, stop)
      else await changes.settled(opts.debounceMs, stop)
    }
  } finally {
    await watch.close()
  }
  return 0
}

/** Remembers whether and when the folder last changed; wakes whoever waits for the next change. */
class ChangeSignal {
  private dirty = false
  private lastAt = 0
  private wake: (() => void) | undefined

  constructor(private readonly clock: Clock) {}

  notify(): void {
    this.dirty = true
    this.lastAt = this.clock.now()
    this.wake?.()
  }

  clear(): void {
    this.dirty = false
  }

  /** Resolves once a change came and the folder then stayed quiet for `quietMs`, or when `stop` aborts. */
  async settled(quietMs: number, stop: AbortSignal): Promise<void> {
    if (!this.dirty) await this.next(stop)
    for (let quiet = this.clock.now() - this.lastAt; quiet < quietMs && !stop.aborted; ) {
      await this.clock.sleep(quietMs - quiet, stop)
      quiet = this.clock.now() - this.lastAt
    }
  }

  private next(stop: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.wake = undefined
        stop.removeEventListener('abort', done)
        resolve()
      }
      if (stop.aborted) return done()
      this.wake = done
      stop.addEventListener('abort', done, { once: true })
    })
  }
}

// A watch must outlive its own bugs: an unexpected error is one line of this sync, and the loop goes on.
async function syncSafely(ctx: Ctx, opts: SyncOptions, memory: SyncMemory, stop: AbortSignal): Promise<SyncResult> {
  try {
    return await syncFolder(ctx, opts, memory, stop)
  } catch (err) {
    const n = memory.n + 1
    const message = err instanceof Error ? err.message : String(err)
    const report = { n, changes: [], timeoutMs: opts.convergeTimeoutMs, broken: [], errors: [message], warnings: [] }
    return { report, memory: { ...memory, n } }
  }
}
