/** @module Ctrl-C for verbs that run until stopped (`logs -f`): SIGINT/SIGTERM abort a signal instead of killing the process, while the verb runs. */

/** Runs `fn` with a signal that SIGINT or SIGTERM aborts; the handlers are gone once it settles. */
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
