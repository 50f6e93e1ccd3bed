/** @module SerialRuns: one async step at a time, re-run once for any kicks during a run, retried after a failure. */

/**
 * Runs `step` on `kick()`, never two at once: kicks during a run coalesce into one more run after it; a failure is
 * passed to `onError` and the step kicked again after `retryMs`. `stopped()` true ends the re-runs.
 */
export class SerialRuns {
  private busy = false
  private again = false
  private retryTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly step: () => Promise<void>,
    private readonly opts: { retryMs: number; onError: (err: unknown) => void; stopped?: () => boolean },
  ) {}

  kick(): void {
    if (this.opts.stopped?.()) return
    if (this.busy) {
      this.again = true
      return
    }
    this.busy = true
    void this.run()
  }

  /** Asks for one more run after the current one (a step that saw the world change under it). */
  rerun(): void {
    this.again = true
  }

  /** Drops a pending retry. */
  cancel(): void {
    clearTimeout(this.retryTimer)
  }

  private async run(): Promise<void> {
    do {
      this.again = false
      try {
        await this.step()
      } catch (err) {
        this.opts.onError(err)
        clearTimeout(this.retryTimer)
        this.retryTimer = setTimeout(() => this.kick(), this.opts.retryMs)
      }
    } while (this.again && !this.opts.stopped?.())
    this.busy = false
  }
}
