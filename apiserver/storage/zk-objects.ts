/** @module Object reads and writes on ZooKeeper: one znode per object, compare-and-set through the znode version. */
import { type AnyObject, ApiError, isApiError, type Kind, shortName } from '../../apis/index.js'
import { holdingKey, holdingsDiff, splitHoldingKey } from './holdings.js'
import { decodeName, type ZkPaths } from './paths.js'
import { type Alongside, type Holdings, NO_HOLDINGS, type WriteOptions } from './store.js'
import {
  alreadyExists,
  claimHeld,
  conflict,
  holderName,
  notFound,
  referenceGone,
  stillReferred,
} from './store-errors.js'
import {
  checkMultiSize,
  decodeHoldings,
  decodeObject,
  encodeObject,
  MAX_NODE_BYTES,
  multiBytes,
  RECORD_BYTES,
  type ZkMultiResult,
  type ZkOp,
  type ZkOps,
  type ZkStat,
} from './zk-ops.js'

const DELETE_ATTEMPTS = 5
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))

const withVersion = (obj: AnyObject, rv: bigint): AnyObject => {
  const copy = structuredClone(obj)
  copy.metadata.resourceVersion = String(rv)
  return copy
}

// ZooKeeper's codes say what happened to a path; callers want it said about an object.
function aboutObject(err: unknown, kind: Kind, name: string): unknown {
  if (isApiError(err, 'NotFound')) return notFound(kind, name, err)
  if (isApiError(err, 'AlreadyExists')) return alreadyExists(kind, name, err)
  if (isApiError(err, 'Conflict')) return conflict(kind, name, err)
  return err
}

/** The ops that move an owner's holdings from `before` to `next` (markers of references, claim nodes). */
function holdingOps(paths: ZkPaths, owner: AnyObject, before: Holdings, next: Holdings): ZkOp[] {
  const me = { kind: owner.kind, name: owner.metadata.name }
  const { addedRefs, removedRefs, addedClaims, removedClaims } = holdingsDiff(before, next)
  const holder = Buffer.from(holdingKey(me.kind, me.name))
  return [
    ...removedRefs.map((r): ZkOp => ({ op: 'remove', path: paths.reference(splitHoldingKey(r), me), version: -1 })),
    ...removedClaims.map((c): ZkOp => ({ op: 'remove', path: paths.claim(c), version: -1 })),
    ...addedRefs.map((r): ZkOp => ({ op: 'create', path: paths.reference(splitHoldingKey(r), me) })),
    ...addedClaims.map((c): ZkOp => ({ op: 'create', path: paths.claim(c), data: holder })),
  ]
}

/**
 * CRUD for the store. `onWrite(kind, zxid)` reports each acknowledged write so lists can wait for it. Refuses
 * (Unavailable) until `layoutReady()`: before, an object of the flat layout may not have been moved to its path yet.
 */
export class ZkObjects {
  private ready = false

  constructor(
    private readonly ops: ZkOps,
    private readonly paths: ZkPaths,
    private readonly onWrite: (kind: Kind, zxid: bigint) => void,
  ) {}

  /** The root holds the layout this store reads and writes (zk-layout.ts prepared it). */
  layoutReady(): void {
    this.ready = true
  }

  private pathOf(kind: Kind, name: string): string {
    if (!this.ready) throw new ApiError('Unavailable', 'the store is preparing its ZooKeeper layout; retry shortly')
    return this.paths.object(kind, name)
  }

  async get(kind: Kind, name: string): Promise<AnyObject> {
    const path = this.pathOf(kind, name)
    const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
    return decodeObject(data, stat.mzxid, path)
  }

  async create(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    const kind = obj.kind as Kind
    const name = obj.metadata.name
    const path = this.pathOf(kind, name)
    const holds = opts.holds ?? NO_HOLDINGS
    const others = await this.alongsideOps(opts.alongside ?? [])
    const ops: ZkOp[] = [
      ...others,
      ...this.createOps(path, encodeObject(obj, holds)),
      ...holdingOps(this.paths, obj, NO_HOLDINGS, holds),
      ...this.eventOps(opts.events ?? []),
    ]
    const result = await this.commit(ops, opts, `writing ${kind.toLowerCase()} "${shortName(name)}"`)
    if (!result.ok) {
      if (result.index === others.length && isApiError(result.error, 'NotFound')) {
        const dir = parentOf(path)
        throw new ApiError('Unavailable', `ZooKeeper path ${dir} is missing; restart the apiserver to recreate it`)
      }
      throw await this.failure(result.index, result.error, ops, kind, name)
    }
    return this.written(obj, opts, result.stats)
  }

  async update(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    const kind = obj.kind as Kind
    const name = obj.metadata.name
    const path = this.pathOf(kind, name)
    const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
    if (opts.ifVersion !== undefined && String(stat.mzxid) !== opts.ifVersion) throw conflict(kind, name)
    const before = decodeHoldings(data)
    const holds = opts.holds ?? before
    const others = await this.alongsideOps(opts.alongside ?? [])
    const ops: ZkOp[] = [
      ...others,
      { op: 'setData', path, data: encodeObject(obj, holds), version: stat.version },
      ...holdingOps(this.paths, obj, before, holds),
      ...this.eventOps(opts.events ?? []),
    ]
    const result = await this.commit(ops, opts, `writing ${kind.toLowerCase()} "${shortName(name)}"`)
    if (!result.ok) throw await this.failure(result.index, result.error, ops, kind, name)
    return this.written(obj, opts, result.stats)
  }

  /** An empty create plus setData: atomic, data written once, and the reply carries the Stat (its mzxid). */
  private createOps(path: string, data: Buffer): ZkOp[] {
    return [
      { op: 'create', path },
      { op: 'setData', path, data, version: -1 },
    ]
  }

  /** The ops creating the Events a write carries (WriteOptions.events). */
  private eventOps(events: readonly AnyObject[]): ZkOp[] {
    return events.flatMap((event) =>
      this.createOps(this.paths.object(event.kind as Kind, event.metadata.name), encodeObject(event)),
    )
  }

  /**
   * Sends `ops` (the write's own, then its Events') plus the removal of the Events to trim, last, so every other op
   * has passed when one runs. An Event already gone fails the transaction at its op: it goes again without it.
   * The write's own ops must fit MAX_NODE_BYTES as ever; its records get RECORD_BYTES more, and trims that would
   * not fit are left to a later write.
   */
  private async commit(ops: readonly ZkOp[], opts: WriteOptions, what: string): Promise<ZkMultiResult> {
    checkMultiSize(ops.slice(0, ops.length - 2 * (opts.events ?? []).length), what)
    checkMultiSize(ops, what, MAX_NODE_BYTES + RECORD_BYTES)
    const trims: ZkOp[] = []
    let bytes = multiBytes(ops)
    for (const name of opts.trimEvents ?? []) {
      const trim: ZkOp = { op: 'remove', path: this.paths.object('Event', name), version: -1 }
      bytes += multiBytes([trim])
      if (bytes > MAX_NODE_BYTES + RECORD_BYTES) break
      trims.push(trim)
    }
    for (;;) {
      const result = await this.ops.multi([...ops, ...trims])
      if (result.ok || result.index < ops.length) return result
      trims.splice(result.index - ops.length, 1)
    }
  }

  /** The ops updating each alongside object (compare-and-set on its resourceVersion) and moving its holdings. */
  private async alongsideOps(alongside: readonly Alongside[]): Promise<ZkOp[]> {
    const ops: ZkOp[] = []
    for (const { object, holds } of alongside) {
      const kind = object.kind as Kind
      const name = object.metadata.name
      const path = this.paths.object(kind, name)
      const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
      if (String(stat.mzxid) !== object.metadata.resourceVersion) throw conflict(kind, name)
      ops.push(
        { op: 'setData', path, data: encodeObject(object, holds), version: stat.version },
        ...holdingOps(this.paths, object, decodeHoldings(data), holds),
      )
    }
    return ops
  }

  /**
   * Reports every object a committed multi wrote and returns ours. One transaction has one zxid, and setData Stats
   * come in op order: alongside objects, ours, the Events.
   */
  private written(obj: AnyObject, opts: WriteOptions, stats: readonly ZkStat[]): AnyObject {
    const alongside = opts.alongside ?? []
    const stat = stats[alongside.length] as ZkStat
    for (const { object } of alongside) this.onWrite(object.kind as Kind, stat.mzxid)
    this.onWrite(obj.kind as Kind, stat.mzxid)
    if ((opts.events ?? []).length > 0 || (opts.trimEvents ?? []).length > 0) this.onWrite('Event', stat.mzxid)
    return withVersion(obj, stat.mzxid)
  }

  async delete(kind: Kind, name: string, opts: WriteOptions = {}): Promise<AnyObject> {
    const path = this.pathOf(kind, name)
    for (let attempt = 1; ; attempt++) {
      const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
      if (opts.ifVersion !== undefined && String(stat.mzxid) !== opts.ifVersion) throw conflict(kind, name)
      const last = decodeObject(data, stat.mzxid, path)
      const ops: ZkOp[] = [
        { op: 'remove', path, version: stat.version },
        ...holdingOps(this.paths, last, decodeHoldings(data), NO_HOLDINGS),
        ...this.eventOps(opts.events ?? []),
      ]
      const result = await this.commit(ops, opts, `deleting ${kind.toLowerCase()} "${shortName(name)}"`)
      if (result.ok) {
        const [eventStat] = result.stats
        if (eventStat) {
          this.onWrite(kind, eventStat.mzxid)
          this.onWrite('Event', eventStat.mzxid)
        } else {
          await this.noteDelete(kind, path)
          const [trimmed] = opts.trimEvents ?? []
          if (trimmed !== undefined) await this.noteDelete('Event', this.pathOf('Event', trimmed))
        }
        return last
      }
      // Without ifVersion a delete is unconditional: a write that slipped in between is no reason to fail.
      const raced = result.index === 0 && isApiError(result.error, 'Conflict') && !(await this.referrers(path)).length
      if (raced && opts.ifVersion === undefined && attempt < DELETE_ATTEMPTS) continue
      throw await this.failure(result.index, result.error, ops, kind, name)
    }
  }

  /** The error a failed multi means for the object: its own node, a reference or a claim. */
  private async failure(index: number, error: ApiError, ops: ZkOp[], kind: Kind, name: string): Promise<unknown> {
    const op = ops[index]
    const own = this.paths.object(kind, name)
    if (!op || op.path === own) {
      // Deleting a node with children (reference markers): someone still refers to the object.
      const by = op?.op === 'remove' && isApiError(error, 'Conflict') ? await this.referrers(op.path) : []
      return by.length > 0 ? stillReferred(kind, name, by, error) : aboutObject(error, kind, name)
    }
    // Another object's node: an alongside update (it changed or went since it was read), or an Event created with
    // the write (its name is taken).
    const other = op.op === 'remove' ? undefined : this.paths.objectOf(op.path)
    if (other) return aboutObject(error, other.kind, other.name)
    if (op.path.startsWith(`${this.paths.claimsDir}/`)) {
      const claim = decodeName(op.path.slice(this.paths.claimsDir.length + 1))
      if (!isApiError(error, 'AlreadyExists')) return error
      const holder = await this.ops.getData(op.path).then(
        ({ data }) => splitHoldingKey(data.toString('utf8')),
        () => undefined,
      )
      return claimHeld(claim, holder && holderName(holder.kind, holder.name), error)
    }
    // A reference marker: its parent, the object referred to, is gone.
    if (op.op === 'create' && isApiError(error, 'NotFound')) {
      const target = this.paths.objectOf(op.path.slice(0, op.path.lastIndexOf('/')))
      if (target) return referenceGone(target.kind, target.name, error)
    }
    return error
  }

  /** Who refers to the object at `path` (its reference markers), as `deployment "web"`. */
  private async referrers(path: string): Promise<string[]> {
    const children = await this.ops.getChildren(path).then(
      (r) => r.children,
      () => [],
    )
    return children.map((marker) => {
      const { kind, name } = this.paths.referrerOf(marker)
      return holderName(kind, name)
    })
  }

  // The parent's (its bucket's) pzxid is at least the zxid of our delete, which is what read-your-writes needs.
  private async noteDelete(kind: Kind, path: string): Promise<void> {
    const parent: ZkStat | undefined = await this.ops.exists(parentOf(path)).catch(() => undefined)
    if (parent) this.onWrite(kind, parent.pzxid)
  }
}
