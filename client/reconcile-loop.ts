/** @module The reconcile loop: N workers drain a WorkQueue through a Reconciler, with retry semantics. */
import type { WorkQueue } from './work-queue.js'

export interface Result {
  /** Look at this key again after this long (waiting on time, not on an error). */
  requeueAfterMs?: number
}

export interface Reconciler {
  readonly name: string
  /** Reads desired and actual state for `key` and converges; idempotent; throw to retry with backoff. */
  reconcile(key: string, signal: AbortSignal): Promise<Result>
}

/** An error a retry cannot fix: logged once, never retried. */
export class TerminalError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'TerminalError'
  }
}
export const terminal = (cause: unknown): TerminalError => new TerminalError(cause)

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

/** Runs `workers` loops until `signal` aborts; resolves when all workers have stopped. */
export async function runReconcileLoop(opts: {
  queue: WorkQueue
  reconciler: Reconciler
  signal: AbortSignal
  log: Log
  workers?: number
}): Promise<void> {
  const { queue, reconciler, signal, log } = opts
  signal.addEventListener('abort', () => queue.shutdown(), { once: true })
  const worker = async () => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        const result = await reconciler.reconcile(key, signal)
        queue.forget(key)
        if (result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs)
      } catch (err) {
        if (signal.aborted) break
        if (err instanceof TerminalError) {
          queue.forget(key)
          log('error', `${reconciler.name}: giving up on ${key}`, { error: err.message })
        } else {
          const delayMs = queue.addRateLimited(key)
          log('warn', `${reconciler.name}: reconcile ${key} failed; retrying`, { error: errorMessage(err), delayMs })
        }
      } finally {
        queue.done(key)
      }
    }
  }
  await Promise.all(Array.from({ length: opts.workers ?? 1 }, worker))
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err))
