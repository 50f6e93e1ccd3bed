/** @module ZkBatcher: concurrent ZooKeeper transactions sent as one multi (one zxid, one log write), each caller answered as if it had sent its own. */
import { MAX_NODE_BYTES, multiBytes, type ZkMultiResult, type ZkOp } from './zk-ops.js'

/** One caller's transaction waiting for, or riding in, a batch. */
interface Transaction {
  ops: readonly ZkOp[]
  paths: ReadonlySet<string>
  bytes: number
  resolve(result: ZkMultiResult): void
  reject(err: unknown): void
}

export interface ZkBatcherOptions {
  /** The most a batch may carry in one request packet (default MAX_NODE_BYTES, under ZooKeeper's 1 MiB jute.maxbuffer). */
  maxBytes?: number
  /** Batches sent and not answered yet; transactions arriving meanwhile gather for the next one (default 1). */
  maxInFlight?: number
}

const setDataCount = (ops: readonly ZkOp[]): number => ops.filter((op) => op.op === 'setData').length

/**
 * Transactions issued while a batch is in flight, or within one turn of the event loop, go out together as one
 * multi. A multi runs its ops in order, all or none, so a batch is the same as its transactions sent one after
 * another (group commit) but for one thing: every node it writes gets the same zxid. Two transactions touching one
 * path therefore never share a batch (each would be told the zxid of a write the other one overwrote); they go
 * out in the order they came. When a batch fails, ZooKeeper names the failing op: its transaction gets that
 * failure, which is exactly what it would have got alone, the ones before it (which passed) go again as one
 * batch, and the ones after it as one more batch and, should that fail too, each alone.
 */
export class ZkBatcher {
  private queue: Transaction[] = []
  /** Paths of the transactions sent and not answered yet (with how many of them touch each). */
  private readonly busy = new Map<string, number>()
  private inFlight = 0
  private scheduled = false
  private readonly maxBytes: number
  private readonly maxInFlight: number

  constructor(
    private readonly send: (ops: readonly ZkOp[]) => Promise<ZkMultiResult>,
    opts: ZkBatcherOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? MAX_NODE_BYTES
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 1)
  }

  /** ZkOps.multi, gathered: resolves with this transaction's own Stats, or its own failure. */
  multi(ops: readonly ZkOp[]): Promise<ZkMultiResult> {
    return new Promise((resolve, reject) => {
      const paths = new Set(ops.map((op) => op.path))
      let settled = false
      const done = () => {
        if (!settled) this.release(paths)
        settled = true
      }
      this.queue.push({
        ops,
        paths,
        bytes: multiBytes(ops),
        resolve: (result) => {
          done()
          resolve(result)
        },
        reject: (err) => {
          done()
          reject(err)
        },
      })
      this.schedule()
    })
  }

  // setImmediate, not a microtask: requests parsed from the same socket reads get to add theirs first.
  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.flush()
    })
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take()
      if (batch.length === 0) return
      for (const tx of batch) for (const p of tx.paths) this.busy.set(p, (this.busy.get(p) ?? 0) + 1)
      this.sendBatch(batch, 0)
    }
  }

  private release(paths: ReadonlySet<string>): void {
    for (const p of paths) {
      const n = (this.busy.get(p) ?? 1) - 1
      if (n > 0) this.busy.set(p, n)
      else this.busy.delete(p)
    }
  }

  /**
   * The queue's transactions that fit one packet, oldest first. One that touches a path already taken or still in
   * flight, or one passed over, waits (and everything after it on its paths: one path's transactions keep their order).
   */
  private take(): Transaction[] {
    const batch: Transaction[] = []
    const taken = new Set<string>()
    const waiting = new Set<string>(this.busy.keys())
    const rest: Transaction[] = []
    let bytes = 0
    for (const tx of this.queue) {
      const paths = [...tx.paths]
      const fits = batch.length === 0 || bytes + tx.bytes <= this.maxBytes
      if (fits && !paths.some((p) => taken.has(p) || waiting.has(p))) {
        batch.push(tx)
        bytes += tx.bytes
        for (const p of paths) taken.add(p)
      } else {
        rest.push(tx)
        for (const p of paths) waiting.add(p)
      }
    }
    this.queue = rest
    return batch
  }

  /** `retry`: how many failed batches these transactions rode in already. */
  private sendBatch(batch: readonly Transaction[], retry: number): void {
    this.inFlight++
    const rejectAll = (err: unknown) => {
      for (const tx of batch) tx.reject(err) // a transaction answered already keeps its answer
    }
    Promise.resolve()
      .then(() => this.send(batch.flatMap((tx) => tx.ops)))
      .then((result) => this.answer(batch, result, retry), rejectAll)
      .catch(rejectAll)
      .finally(() => {
        this.inFlight--
        this.flush()
      })
  }

  private answer(batch: readonly Transaction[], result: ZkMultiResult, retry: number): void {
    const [only] = batch
    if (batch.length === 1 && only) {
      only.resolve(result)
      return
    }
    if (result.ok) {
      let next = 0
      for (const tx of batch) {
        const count = setDataCount(tx.ops)
        tx.resolve({ ok: true, stats: result.stats.slice(next, next + count) })
        next += count
      }
      return
    }
    let start = 0
    const failed = batch.findIndex((tx) => {
      if (result.index < start + tx.ops.length) return true
      start += tx.ops.length
      return false
    })
    const culprit = batch[failed]
    if (!culprit) {
      for (const tx of batch) tx.reject(result.error)
      return
    }
    culprit.resolve({ ok: false, index: result.index - start, error: result.error })
    const before = batch.slice(0, failed)
    const after = batch.slice(failed + 1)
    // Sent in this order on one session, so ZooKeeper runs them in this order too.
    if (before.length > 0) this.sendBatch(before, retry + 1)
    if (retry === 0 && after.length > 0) this.sendBatch(after, retry + 1)
    else for (const tx of after) this.sendBatch([tx], retry + 1)
  }
}
