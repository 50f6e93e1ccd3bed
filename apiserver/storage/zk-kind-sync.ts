/** @module ZkKindSync: mirrors one kind's znodes into a WatchCache through ZooKeeper watches, never by polling. */
import { type AnyObject, isApiError, type Kind } from '../../apis/index.js'
import type { Log } from '../log.js'
import { decodeName, encodeName, type ZkPaths } from './paths.js'
import type { WatchCache } from './watch-cache.js'
import { decodeObject, type ZkOps, type ZkWatcher } from './zk-ops.js'
import { SyncBatch } from './zk-sync-batch.js'

/**
 * How long a drain reads before it publishes while changes keep coming (kept well under the 3 s a list waits for
 * this apiserver's own writes). Objects written in one ZooKeeper multi share its zxid across buckets, so a drain never
 * publishes a change it cannot prove complete: ZooKeeper sends every notification of a change before any reply that
 * reflects a later zxid, so once a round has re-read everything dirty at its start, every change up to the highest
 * zxid seen before that round has been read. An unquiet drain publishes up to there and carries the rest over.
 */
const DRAIN_BUDGET_MS = 1_000
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))
const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
/** The name a child node stands for; undefined for one no name encodes to (made by hand), which is left alone. */
function nameOf(segment: string): string | undefined {
  try {
    return decodeName(segment)
  } catch {
    return undefined
  }
}

/**
 * The kind's objects live in one directory or in buckets (paths.ts). Notifications only mark a directory's children
 * list or single nodes dirty; one drain at a time re-reads them (re-arming the watches) until nothing is dirty, then
 * emits the batch sorted by zxid. A changed directory is re-read alone: a create or delete costs one bucket's list.
 *
 * ZooKeeper delivers a change's notification before any reply that reflects a later zxid, and every watch of one
 * session is in that one order, whichever directory it is on: once nothing is dirty, every change up to the batch's
 * highest zxid has been seen, so versions never go backwards. A DELETED carries its directory's pzxid (the zxid of
 * the directory's last create or delete, at least the deletion's and at most the batch's highest), not the kind's.
 */
export class ZkKindSync {
  private full = true
  private readonly dirtyDirs = new Set<string>()
  /** Object paths to re-read. */
  private readonly dirty = new Set<string>()
  /** Each directory's children as last listed: what a re-read compares against to find deletions. */
  private readonly listed = new Map<string, string[]>()
  private relisting = false
  private running: Promise<void> | undefined
  /** Changes an unquiet drain read but could not yet prove complete; the next drain starts from them. */
  private carried: SyncBatch | undefined
  private readonly dirs: readonly string[]

  constructor(
    private readonly ops: ZkOps,
    private readonly paths: ZkPaths,
    private readonly kind: Kind,
    readonly cache: WatchCache,
    private readonly log: Log,
    private readonly drainBudgetMs = DRAIN_BUDGET_MS,
  ) {
    this.dirs = paths.objectDirs(kind)
  }

  /** True from a lost connection until the next full relist has succeeded. */
  get needsResync(): boolean {
    return this.full || this.relisting
  }

  /** Relists every node (at start and after reconnecting); resolves false if ZooKeeper failed meanwhile. */
  async resync(): Promise<boolean> {
    this.full = true
    this.relisting = true
    await this.kick()
    while (this.running) await this.running
    this.relisting = this.full
    return !this.full
  }

  private readonly onChildren: ZkWatcher = (event) => {
    this.dirtyDirs.add(event.path)
    void this.kick()
  }

  // A deleted node may be back by the time its directory is listed (a Task deleted and created again): read it too.
  private readonly onData: ZkWatcher = (event) => {
    if (event.type === 'deleted') this.dirtyDirs.add(parentOf(event.path))
    this.dirty.add(event.path)
    void this.kick()
  }

  private hasWork(): boolean {
    return this.full || this.dirtyDirs.size > 0 || this.dirty.size > 0
  }

  /**
   * Reading and diffing a children list costs O(its names): in a burst of creates into one big directory (thousands
   * of Hosts registering) a read per create is quadratic. Before reading such a directory again a drain lets creates
   * gather for up to 100 ms (1 ms per 100 names), inside the drain, so a batch still holds every change up to its
   * highest zxid. A bucket of a few dozen names waits not at all.
   */
  private async gatherCreates(dirs: readonly string[]): Promise<void> {
    const biggest = Math.max(0, ...dirs.map((dir) => this.listed.get(dir)?.length ?? 0))
    const delayMs = Math.min(100, Math.floor(biggest / 100))
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
  }

  /** Never rejects (notifications `void` it): a drain failing for any other reason than ZooKeeper is logged, and /readyz says syncing. */
  private kick(): Promise<void> {
    this.running ??= this.drain()
      .catch((err: unknown) => {
        this.full = true
        this.log('error', 'watch cache sync failed unexpectedly', { kind: this.kind, error: String(err) })
      })
      .finally(() => {
        this.running = undefined
        if (!this.full && this.hasWork()) void this.kick()
      })
    return this.running
  }

  private async drain(): Promise<void> {
    const batch = this.carried ?? new SyncBatch(this.cache)
    this.carried = undefined
    // Every change up to this zxid has been read once a round that started after it ends.
    let complete = batch.maxRv
    try {
      const started = performance.now()
      // At least one round, so even a drain over its budget makes progress.
      for (
        let round = 0;
        this.hasWork() && (round === 0 || performance.now() - started < this.drainBudgetMs);
        round++
      ) {
        const before = batch.maxRv
        const listed = await this.list(batch)
        // A node its directory no longer lists (its data watch said deleted) needs no read.
        const paths = [...this.dirty].filter((path) => listed.get(parentOf(path))?.has(baseOf(path)) ?? true)
        this.dirty.clear()
        for (const obj of await Promise.all(paths.map((path) => this.read(path)))) if (obj) batch.read(obj)
        complete = before
      }
    } catch (err) {
      // The batch is dropped whole; a full relist after reconnecting recomputes it.
      this.full = true
      this.log('warn', 'watch cache sync failed; relisting when ZooKeeper is back', {
        kind: this.kind,
        error: String(err),
      })
      return
    }
    if (this.hasWork() && this.cache.isLoaded) {
      this.carried = batch.takeAfter(complete)
      this.log('debug', 'watch cache sync publishing what is complete while changes keep coming', {
        kind: this.kind,
        through: String(complete),
      })
    }
    this.publish(batch)
  }

  /**
   * Lists the dirty directories (every one on a full relist), marks the nodes to read, and records deletions:
   * names a directory listed before and lists no more, or, on a full relist, known names no directory lists.
   * Returns each listed directory's children.
   */
  private async list(batch: SyncBatch): Promise<Map<string, Set<string>>> {
    const full = this.full
    this.full = false
    if (full) this.dirtyDirs.clear()
    else if (this.dirtyDirs.size > 0) await this.gatherCreates([...this.dirtyDirs])
    const dirs = full ? this.dirs : [...this.dirtyDirs]
    this.dirtyDirs.clear()
    const listings = await Promise.all(dirs.map((dir) => this.ops.getChildren(dir, this.onChildren)))
    const listed = new Map<string, Set<string>>()
    const deletions: Array<{ name: string; rv: bigint }> = []
    for (const [i, dir] of dirs.entries()) {
      const { children, stat } = listings[i] as (typeof listings)[number]
      batch.saw(stat.pzxid)
      for (const segment of children) {
        const name = nameOf(segment)
        if (name !== undefined && (full || !batch.known(name))) this.dirty.add(`${dir}/${segment}`)
      }
      const now = new Set(children)
      const before = full ? [] : (this.listed.get(dir) ?? [])
      for (const segment of before) {
        const name = now.has(segment) ? undefined : nameOf(segment)
        if (name !== undefined) deletions.push({ name, rv: stat.pzxid })
      }
      this.listed.set(dir, children)
      listed.set(dir, now)
    }
    if (full) {
      const present = new Set([...listed.values()].flatMap((now) => [...now].flatMap((s) => nameOf(s) ?? [])))
      for (const name of batch.knownNames()) {
        if (present.has(name)) continue
        const dir = parentOf(this.paths.objectAt(this.kind, encodeName(name)))
        deletions.push({ name, rv: listings[dirs.indexOf(dir)]?.stat.pzxid ?? batch.maxRv })
      }
    }
    for (const { name, rv } of deletions) batch.deleted(name, rv)
    return listed
  }

  private publish(batch: SyncBatch): void {
    const quiescent = !this.hasWork()
    if (this.cache.isLoaded) {
      this.cache.apply(batch.sortedEvents())
      // Reads may reveal newer zxids that changed nothing visible (a node created and deleted in between).
      if (quiescent) this.cache.advance(batch.maxRv)
      return
    }
    const items = batch.items()
    this.cache.load(items, batch.maxRv)
    this.log('info', 'watch cache synced', {
      kind: this.kind,
      objects: items.length,
      resourceVersion: String(batch.maxRv),
    })
  }

  /** The node's object, or undefined when it is gone or unreadable (then it is left out, and logged). */
  private async read(path: string): Promise<AnyObject | undefined> {
    try {
      const { data, stat } = await this.ops.getData(path, this.onData)
      const obj = decodeObject(data, stat.mzxid, path)
      if (obj.metadata.name === nameOf(baseOf(path))) return obj
      this.log('warn', 'skipping a node whose object has another name', { path, name: obj.metadata.name })
      return undefined
    } catch (err) {
      // Gone since its directory was listed; it may be back by the next listing, which only a read can tell.
      if (isApiError(err, 'NotFound')) {
        this.dirtyDirs.add(parentOf(path))
        this.dirty.add(path)
        return undefined
      }
      if (isApiError(err, 'Internal')) {
        this.log('warn', 'skipping unreadable node', { path, error: err.message })
        return undefined
      }
      throw err
    }
  }
}
