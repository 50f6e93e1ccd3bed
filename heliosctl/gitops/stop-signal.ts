/** @module SIGINT and SIGTERM as an AbortSignal, so `apply --watch` ends its loop cleanly (exit 0). */

/**
 * Aborts on the first SIGINT or SIGTERM. The handlers are `once`: a second Ctrl-C while the loop winds down
 * gets Node's default (the process ends at once), the way out of a stop that hangs.
 */
export function processStopSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const dispose = () => {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
  return { signal: controller.signal, dispose }
}
