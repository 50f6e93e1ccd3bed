/** @module Ctrl-C for verbs that run until stopped (`logs -f`, `apply --watch`): SIGINT/SIGTERM abort a signal instead of killing the process, while the verb runs. */

/**
 * Runs `fn` with a signal that SIGINT or SIGTERM aborts; the handlers are gone once it settles. They are `once`: a
 * second Ctrl-C while the verb winds down gets Node's default (the process ends at once), the way out of a stop that hangs.
 */
export async function untilInterrupted<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController()
  const stop = () => abort.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    return await fn(abort.signal)
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
