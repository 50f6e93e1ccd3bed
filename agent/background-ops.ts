/** @module BackgroundOps: slow engine calls (pulls, stops) run beside the workers, one per task; settling re-enqueues the task. */
import { errorMessage, type Log } from '../client/index.js'

export interface SettledOp {
  /** What ran, e.g. `pull nginx:1.7.1` or `stop`. */
  what: string
  error?: unknown
}

/**
 * A reconcile never waits minutes for a pull or a `docker stop -t 120`: it starts the call here
 * and returns; when the call settles, `onSettled(task)` enqueues the task and the next reconcile
 * takes the outcome. Lost on restart, which is harmless: the next reconcile starts over.
 */
export class BackgroundOps {
  private readonly running = new Map<string, string>()
  private readonly settled = new Map<string, SettledOp>()
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly onSettled: (task: string) => void,
    private readonly log: Log,
  ) {}

  isRunning(task: string): boolean {
    return this.running.has(task)
  }

  /** Starts `fn` for `task` unless one is already running. */
  start(task: string, what: string, fn: () => Promise<unknown>): void {
    if (this.running.has(task)) return
    this.running.set(task, what)
    this.settled.delete(task)
    const op = fn().then(
      () => this.finish(task, { what }),
      (error: unknown) => {
        this.log('warn', `${what} failed`, { task, error: errorMessage(error) })
        this.finish(task, { what, error })
      },
    )
    this.inFlight.add(op)
    void op.finally(() => this.inFlight.delete(op))
  }

  /** The outcome of the task's last op, once; undefined if none settled since the last take. */
  take(task: string): SettledOp | undefined {
    const op = this.settled.get(task)
    this.settled.delete(task)
    return op
  }

  /** Resolves when every op started so far has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  private finish(task: string, op: SettledOp): void {
    this.running.delete(task)
    this.settled.set(task, op)
    this.onSettled(task)
  }
}
