/** @module Object reads and writes on ZooKeeper: one znode per object, compare-and-set through the znode version. */
import { type AnyObject, ApiError, isApiError, type Kind } from '../../apis/index.js'
import type { ZkPaths } from './paths.js'
import type { WriteOptions } from './store.js'
import { alreadyExists, conflict, notFound } from './store-errors.js'
import { decodeObject, encodeObject, type ZkOps, type ZkStat } from './zk-ops.js'

const DELETE_ATTEMPTS = 5

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

/** CRUD for the store. `onWrite(kind, zxid)` reports each acknowledged write so lists can wait for it. */
export class ZkObjects {
  constructor(
    private readonly ops: ZkOps,
    private readonly paths: ZkPaths,
    private readonly onWrite: (kind: Kind, zxid: bigint) => void,
  ) {}

  async get(kind: Kind, name: string): Promise<AnyObject> {
    const path = this.paths.object(kind, name)
    const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
    return decodeObject(data, stat.mzxid, path)
  }

  async create(obj: AnyObject): Promise<AnyObject> {
    const kind = obj.kind as Kind
    const name = obj.metadata.name
    const stat = await this.ops.create(this.paths.object(kind, name), encodeObject(obj)).catch((err) => {
      if (!isApiError(err, 'NotFound')) return Promise.reject(aboutObject(err, kind, name))
      const dir = this.paths.kindDir(kind)
      return Promise.reject(
        new ApiError('Unavailable', `ZooKeeper path ${dir} is missing; restart the apiserver to recreate it`),
      )
    })
    this.onWrite(kind, stat.mzxid)
    return withVersion(obj, stat.mzxid)
  }

  async update(obj: AnyObject, opts: WriteOptions = {}): Promise<AnyObject> {
    const kind = obj.kind as Kind
    const name = obj.metadata.name
    const path = this.paths.object(kind, name)
    const data = encodeObject(obj)
    try {
      let version = -1
      if (opts.ifVersion !== undefined) {
        const current = await this.ops.exists(path)
        if (!current) throw notFound(kind, name)
        if (String(current.mzxid) !== opts.ifVersion) throw conflict(kind, name)
        version = current.version
      }
      const stat = await this.ops.setData(path, data, version)
      this.onWrite(kind, stat.mzxid)
      return withVersion(obj, stat.mzxid)
    } catch (err) {
      throw aboutObject(err, kind, name)
    }
  }

  async delete(kind: Kind, name: string, opts: WriteOptions = {}): Promise<AnyObject> {
    const path = this.paths.object(kind, name)
    for (let attempt = 1; ; attempt++) {
      const { data, stat } = await this.ops.getData(path).catch((err) => Promise.reject(aboutObject(err, kind, name)))
      if (opts.ifVersion !== undefined && String(stat.mzxid) !== opts.ifVersion) throw conflict(kind, name)
      const last = decodeObject(data, stat.mzxid, path)
      try {
        await this.ops.remove(path, stat.version)
      } catch (err) {
        // Without ifVersion a delete is unconditional: a write that slipped in between is no reason to fail.
        if (isApiError(err, 'Conflict') && opts.ifVersion === undefined && attempt < DELETE_ATTEMPTS) continue
        throw aboutObject(err, kind, name)
      }
      await this.noteDelete(kind)
      return last
    }
  }

  // The parent's pzxid is at least the zxid of our delete, which is what read-your-writes needs.
  private async noteDelete(kind: Kind): Promise<void> {
    const parent: ZkStat | undefined = await this.ops.exists(this.paths.kindDir(kind)).catch(() => undefined)
    if (parent) this.onWrite(kind, parent.pzxid)
  }
}
