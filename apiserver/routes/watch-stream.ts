/** @module WatchStream: one watch response under the watch budget — NDJSON lines, backpressure, cut-off, a clean end. */
import type { Request, Response } from 'express'
import type { Kind } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { clientKey } from '../client-key.js'
import type { CutReason, WatchLease } from '../watch-budget.js'

/** Who a watch belongs to, for --max-watches-per-client. */
export const watchClient = clientKey

/**
 * Every error of the response is handled here (a write racing the socket's end would otherwise be an
 * uncaught 'error' event), and everything registered with onClose runs once when the response closes.
 */
export class WatchStream {
  private readonly lease: WatchLease
  private readonly closers: Array<() => void> = []
  private closed = false

  /** Admits the stream; throws TooManyRequests (nothing sent yet) when its client holds too many. */
  constructor(
    private readonly ctx: AppContext,
    private readonly kind: Kind,
    private readonly req: Request,
    private readonly res: Response,
    readonly client: string,
  ) {
    this.lease = ctx.watches.admit(
      client,
      () => res.writableLength,
      (reason) => this.cut(reason),
    )
    ctx.metrics.openWatches++
    res.locals.watch = true // kept out of the latency histogram (metrics.ts)
    res.on('close', () => this.onClosed())
    res.on('drain', () => this.lease.touch())
    res.on('error', (error) => {
      ctx.log('debug', 'watch stream failed', { kind, client, error: String(error) })
      res.destroy()
    })
    // The client may have gone while the request waited for earlier middleware: 'close' has fired already.
    if (res.destroyed || req.socket.destroyed) this.onClosed()
  }

  get isClosed(): boolean {
    return this.closed || this.res.destroyed || this.res.writableEnded
  }

  /** Sends the status and headers; events follow as lines. */
  open(): void {
    this.res.status(200)
    this.res.set({ 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' })
    this.res.flushHeaders()
    this.req.socket.setNoDelay(true)
  }

  /** Writes one line; false when the client has not taken what is buffered (wait for drained()) or the stream closed. */
  write(line: Buffer): boolean {
    if (this.isClosed) return false
    const more = this.res.write(line)
    // Checked at once too: a replay of retained events is written in one turn, before the budget measures again.
    if (this.res.writableLength > this.ctx.watches.limits.streamBytes) {
      this.cut('stream')
      return false
    }
    this.lease.touch()
    return more
  }

  /** Resolves true once the client has taken the buffered lines, false if the stream closes first. */
  drained(): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(false)
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.res.off('drain', onDrain)
        this.res.off('close', onClose)
        resolve(ok)
      }
      const onDrain = () => done(true)
      const onClose = () => done(false)
      this.res.on('drain', onDrain)
      this.res.on('close', onClose)
    })
  }

  /** Runs `fn` once the stream has closed (at once if it has). */
  onClose(fn: () => void): void {
    if (this.closed) run(fn)
    else this.closers.push(fn)
  }

  /** Ends the stream after what is written (a last ERROR line); the client relists. */
  end(): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end()
  }

  /**
   * A client too far behind loses its stream at once, unsent lines and all (an end() would keep them buffered
   * until it reads); its client sees a broken stream and relists.
   */
  cut(reason: CutReason): void {
    if (this.isClosed) return
    const unsent = this.res.writableLength
    this.ctx.metrics.countWatchCutoff(reason)
    this.ctx.log('warn', 'watch client too far behind; closing its stream', {
      kind: this.kind,
      client: this.client,
      reason,
      unsentBytes: unsent,
      limitBytes: reason === 'stream' ? this.ctx.watches.limits.streamBytes : this.ctx.watches.limits.budgetBytes,
    })
    this.lease.release()
    this.res.destroy()
  }

  /** Closes the stream after a failure of our own (logged by the caller); the client relists. */
  abort(): void {
    this.lease.release()
    this.res.destroy()
  }

  private onClosed(): void {
    if (this.closed) return
    this.closed = true
    this.lease.release()
    this.ctx.metrics.openWatches--
    for (const fn of this.closers.splice(0)) run(fn)
  }
}

function run(fn: () => void): void {
  try {
    fn()
  } catch {
    // Closers only cancel and clear; the stream is gone either way.
  }
}
