/** @module ZkKindSync: mirrors one kind's znodes into a WatchCache through ZooKeeper watches, never by polling. */
import { type AnyObject, isApiError } from '../../apis/index.js'
import type { Log } from '../log.js'
import { decodeName, encodeName } from './paths.js'
import type { StoreEvent } from './store.js'
import type { WatchCache } from './watch-cache.js'
import { decodeObject, type ZkOps, type ZkWatcher } from './zk-ops.js'

const MAX_ROUNDS = 100
const versionOf = (obj: AnyObject): bigint => BigInt(obj.metadata.resourceVersion ?? '0')
const byVersion = (a: StoreEvent, b: StoreEvent): number => {
  const d = versionOf(a.object) - versionOf(b.object)
  return d < 0n ? -1 : d > 0n ? 1 : 0
}
const withVersion = (obj: AnyObject, rv: bigint): AnyObject => ({
  ...obj,
  metadata: { ...obj.metadata, resourceVersion: String(rv) },
})

/**
 * Notifications only mark the children list or single names dirty; one drain at a time re-reads
 * them (re-arming the watches) until nothing is dirty, then emits the batch sorted by zxid.
 * ZooKeeper delivers a change's notification before any reply that reflects a later zxid, so at
 * that point every change up to the batch's highest zxid has been seen: versions never go backwards.
 */
export class ZkKindSync {
  private full = true
  private childrenDirty = false
  private readonly dirty = new Set<string>()
  private relisting = false
  private running: Promise<void> | undefined

  constructor(
    private readonly ops: ZkOps,
    private readonly dir: string,
    readonly cache: WatchCache,
    private readonly log: Log,
  ) {}

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

  private readonly onChildren: ZkWatcher = () => {
    this.childrenDirty = true
    void this.kick()
  }

  private readonly onData: ZkWatcher = (event) => {
    if (event.type === 'deleted') this.childrenDirty = true
    else this.dirty.add(decodeName(event.path.slice(this.dir.length + 1)))
    void this.kick()
  }

  private hasWork(): boolean {
    return this.full || this.childrenDirty || this.dirty.size > 0
  }

  /**
   * Reading and diffing a children list costs O(objects): in a burst of creates (a fleet placing 10,000 Tasks)
   * a read per create is quadratic. In a big directory a drain lets creates gather for up to 100 ms (1 ms per
   * 100 objects) before reading the list again. It waits inside the drain, before publishing, so a batch still
   * holds every change up to its highest zxid.
   */
  private async gatherCreates(): Promise<void> {
    const delayMs = Math.min(100, Math.floor(this.cache.size / 100))
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
  }

  /** Never rejects (notifications `void` it): a drain failing for any other reason than ZooKeeper is logged, and /readyz says syncing. */
  private kick(): Promise<void> {
    this.running ??= this.drain()
      .catch((err: unknown) => {
        this.full = true
        this.log('error', 'watch cache sync failed unexpectedly', { dir: this.dir, error: String(err) })
      })
      .finally(() => {
        this.running = undefined
        if (!this.full && this.hasWork()) void this.kick()
      })
    return this.running
  }

  private async drain(): Promise<void> {
    const overlay = new Map<string, AnyObject | null>()
    const known = (name: string) => (overlay.has(name) ? (overlay.get(name) ?? undefined) : this.cache.get(name))
    const events: StoreEvent[] = []
    let maxRv = this.cache.resourceVersion
    try {
      for (let round = 0; round < MAX_ROUNDS && this.hasWork(); round++) {
        const full = this.full
        this.full = false
        if (full || this.childrenDirty) {
          if (!full) await this.gatherCreates()
          this.childrenDirty = false
          const { children, stat } = await this.ops.getChildren(this.dir, this.onChildren)
          if (stat.pzxid > maxRv) maxRv = stat.pzxid
          const present = new Set(children.map(decodeName))
          for (const name of present) if (full || !known(name)) this.dirty.add(name)
          const knownNames = new Set([...this.cache.names(), ...overlay.keys()])
          for (const name of knownNames) {
            const last = known(name)
            if (present.has(name) || !last) continue
            events.push({ type: 'DELETED', object: withVersion(last, stat.pzxid) })
            overlay.set(name, null)
          }
        }
        const names = [...this.dirty]
        this.dirty.clear()
        for (const obj of await Promise.all(names.map((name) => this.read(name)))) {
          if (!obj) continue
          const last = known(obj.metadata.name)
          const rv = versionOf(obj)
          if (rv > maxRv) maxRv = rv
          if (last && versionOf(last) === rv) continue
          events.push({ type: last ? 'MODIFIED' : 'ADDED', object: obj })
          overlay.set(obj.metadata.name, obj)
        }
      }
    } catch (err) {
      // The batch is dropped whole; a full relist after reconnecting recomputes it.
      this.full = true
      this.log('warn', 'watch cache sync failed; relisting when ZooKeeper is back', {
        dir: this.dir,
        error: String(err),
      })
      return
    }
    this.publish(events, overlay, maxRv)
  }

  private publish(events: StoreEvent[], overlay: Map<string, AnyObject | null>, maxRv: bigint): void {
    const quiescent = !this.full && !this.childrenDirty && this.dirty.size === 0
    if (this.cache.isLoaded) {
      this.cache.apply(events.sort(byVersion))
      // Reads may reveal newer zxids that changed nothing visible (a node created and deleted in between).
      if (quiescent) this.cache.advance(maxRv)
      return
    }
    const items = [...overlay.values()].filter((o): o is AnyObject => o !== null)
    this.cache.load(items, maxRv)
    this.log('info', 'watch cache synced', { dir: this.dir, objects: items.length, resourceVersion: String(maxRv) })
  }

  /** The node's object, or undefined when it is gone or unreadable (then it is left out, and logged). */
  private async read(name: string): Promise<AnyObject | undefined> {
    const path = `${this.dir}/${encodeName(name)}`
    try {
      const { data, stat } = await this.ops.getData(path, this.onData)
      return decodeObject(data, stat.mzxid, path)
    } catch (err) {
      if (isApiError(err, 'NotFound')) {
        this.childrenDirty = true
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
