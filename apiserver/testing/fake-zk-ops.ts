/** @module FakeZkOps: ZkOps on an in-memory tree with ZooKeeper's multi semantics (in order, all or none, one zxid), for unit tests. */
import { ApiError } from '../../apis/index.js'
import type { ZkMultiResult, ZkOp, ZkOps, ZkStat } from '../storage/zk-ops.js'

interface Node {
  data: Buffer
  version: number
  mzxid: bigint
  pzxid: bigint
  children: Set<string>
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/'
const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/** The errors zookeeper-store.ts translates ZooKeeper's codes to. */
const noNode = (path: string) => new ApiError('NotFound', `no ZooKeeper node ${path}`)
const nodeExists = (path: string) => new ApiError('AlreadyExists', `ZooKeeper node ${path} exists`)
const badVersion = (path: string) => new ApiError('Conflict', `ZooKeeper node ${path} has another version`)
const notEmpty = (path: string) => new ApiError('Conflict', `ZooKeeper node ${path} has children`)

export class FakeZkOps implements ZkOps {
  private nodes = new Map<string, Node>([['/', this.node(Buffer.alloc(0), 0n)]])
  private zxid = 0n
  /** Every multi received, as its ops. */
  readonly multis: ZkOp[][] = []
  /** Called before each multi is run: return an op index to fail it there (an injected failure), else undefined. */
  failAt: (ops: readonly ZkOp[]) => number | undefined = () => undefined
  /** Resolved before a multi answers (a test may hold replies back to let transactions gather). */
  gate: Promise<void> = Promise.resolve()

  /** These ops with another multi (a write batcher in front of this one). */
  withMulti(multi: ZkOps['multi']): ZkOps {
    return {
      getData: (path) => this.getData(path),
      getChildren: (path) => this.getChildren(path),
      exists: (path) => this.exists(path),
      createEphemeralSequential: (prefix, data) => this.createEphemeralSequential(prefix, data),
      remove: (path, version) => this.remove(path, version),
      mkdirp: (path) => this.mkdirp(path),
      multi,
    }
  }

  /** The last zxid handed out: how many transactions ZooKeeper committed. */
  get transactions(): bigint {
    return this.zxid
  }

  async getData(path: string): Promise<{ data: Buffer; stat: ZkStat }> {
    const node = this.nodes.get(path)
    if (!node) throw noNode(path)
    return { data: node.data, stat: this.stat(node) }
  }

  async getChildren(path: string): Promise<{ children: string[]; stat: ZkStat }> {
    const node = this.nodes.get(path)
    if (!node) throw noNode(path)
    return { children: [...node.children], stat: this.stat(node) }
  }

  async exists(path: string): Promise<ZkStat | undefined> {
    const node = this.nodes.get(path)
    return node && this.stat(node)
  }

  async createEphemeralSequential(prefix: string, data: Buffer): Promise<string> {
    const path = `${prefix}${String(this.zxid + 1n).padStart(10, '0')}`
    const result = await this.multi([
      { op: 'create', path },
      { op: 'setData', path, data, version: -1 },
    ])
    if (!result.ok) throw result.error
    return path
  }

  async remove(path: string, version: number): Promise<void> {
    const result = await this.multi([{ op: 'remove', path, version }])
    if (!result.ok) throw result.error
  }

  async mkdirp(path: string): Promise<void> {
    let at = ''
    for (const part of path.split('/').filter(Boolean)) {
      at += `/${part}`
      if (!this.nodes.has(at)) await this.multi([{ op: 'create', path: at }])
    }
  }

  async multi(ops: readonly ZkOp[]): Promise<ZkMultiResult> {
    this.multis.push([...ops])
    await this.gate
    const saved = new Map([...this.nodes].map(([p, n]) => [p, { ...n, children: new Set(n.children) }]))
    const zxid = this.zxid + 1n
    const stats: ZkStat[] = []
    const injected = this.failAt(ops)
    for (const [index, op] of ops.entries()) {
      const error = index === injected ? new ApiError('Unavailable', 'injected failure') : this.apply(op, zxid)
      if (error instanceof ApiError) {
        this.nodes = saved
        return { ok: false, index, error }
      }
      if (error) stats.push(error)
    }
    this.zxid = zxid
    return { ok: true, stats }
  }

  /** Runs one op; its error, or the Stat of a setData. */
  private apply(op: ZkOp, zxid: bigint): ApiError | ZkStat | undefined {
    const node = this.nodes.get(op.path)
    const parent = this.nodes.get(parentOf(op.path))
    if (op.op === 'create') {
      if (node) return nodeExists(op.path)
      if (!parent) return noNode(op.path)
      this.nodes.set(op.path, this.node(op.data ?? Buffer.alloc(0), zxid))
      parent.children.add(baseOf(op.path))
      parent.pzxid = zxid
      return undefined
    }
    if (!node) return noNode(op.path)
    if (op.version !== -1 && op.version !== node.version) return badVersion(op.path)
    if (op.op === 'setData') {
      Object.assign(node, { data: op.data, version: node.version + 1, mzxid: zxid })
      return this.stat(node)
    }
    if (node.children.size > 0) return notEmpty(op.path)
    this.nodes.delete(op.path)
    parent?.children.delete(baseOf(op.path))
    if (parent) parent.pzxid = zxid
    return undefined
  }

  private node(data: Buffer, zxid: bigint): Node {
    return { data, version: 0, mzxid: zxid, pzxid: zxid, children: new Set() }
  }

  private stat(node: Node): ZkStat {
    return { mzxid: node.mzxid, pzxid: node.pzxid, version: node.version }
  }
}
