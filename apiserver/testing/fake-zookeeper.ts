/**
 * @module FakeZooKeeper: a ZkOps over an in-memory tree with ZooKeeper's rules (one zxid per transaction, mzxid and
 * pzxid, versions, one-shot watches set when a read is served and fired before the write's reply), for unit tests
 * of ZkKindSync that must choose where a write lands between a notification and the read it causes. Every change is
 * logged, so a test can ask what a directory held as of any zxid. The real ZooKeeper runs the same code in e2e.
 */
import { ApiError } from '../../apis/index.js'
import type { ZkEventType, ZkMultiResult, ZkOp, ZkOps, ZkStat, ZkWatcher } from '../storage/zk-ops.js'

interface FakeNode {
  data: Buffer
  mzxid: bigint
  pzxid: bigint
  version: number
  children: Set<string>
}

type ReadOp = 'get' | 'list' | 'exists'

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/'
const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

export class FakeZooKeeper implements ZkOps {
  private readonly nodes = new Map<string, FakeNode>([['/', node(Buffer.alloc(0), 0n)]])
  private readonly watches = { data: new Map<string, Set<ZkWatcher>>(), child: new Map<string, Set<ZkWatcher>>() }
  private zxid = 0n
  /** Every committed change: the node's data after it, or null when deleted. */
  readonly log: Array<{ zxid: bigint; path: string; data: Buffer | null }> = []
  readonly requests = { get: 0, list: 0, exists: 0, multi: 0, namesListed: 0 }
  /** Awaited before a read is served (and its watch set): where a test lets writes slip in. */
  beforeRead: (op: ReadOp, path: string) => Promise<void> | undefined = () => undefined

  get lastZxid(): bigint {
    return this.zxid
  }

  /** The data of every node directly under one of `dirs` as of `zxid`, by path. */
  stateAsOf(zxid: bigint, dirs: readonly string[]): Map<string, { data: Buffer; mzxid: bigint }> {
    const inDirs = new Set(dirs)
    const state = new Map<string, { data: Buffer; mzxid: bigint }>()
    for (const entry of this.log) {
      if (entry.zxid > zxid) break
      if (!inDirs.has(parentOf(entry.path))) continue
      if (entry.data) state.set(entry.path, { data: entry.data, mzxid: entry.zxid })
      else state.delete(entry.path)
    }
    return state
  }

  /** Forgets every watch, as a lost session does. */
  dropWatches(): void {
    this.watches.data.clear()
    this.watches.child.clear()
  }

  async getData(path: string, watcher?: ZkWatcher): Promise<{ data: Buffer; stat: ZkStat }> {
    await this.beforeRead('get', path)
    this.requests.get++
    const n = this.nodes.get(path)
    if (!n) throw new ApiError('NotFound', `no ZooKeeper node ${path}`)
    if (watcher) this.watch('data', path, watcher)
    return { data: n.data, stat: statOf(n) }
  }

  async getChildren(path: string, watcher?: ZkWatcher): Promise<{ children: string[]; stat: ZkStat }> {
    await this.beforeRead('list', path)
    this.requests.list++
    const n = this.nodes.get(path)
    if (!n) throw new ApiError('NotFound', `no ZooKeeper node ${path}`)
    if (watcher) this.watch('child', path, watcher)
    this.requests.namesListed += n.children.size
    return { children: [...n.children], stat: statOf(n) }
  }

  async exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | undefined> {
    await this.beforeRead('exists', path)
    this.requests.exists++
    const n = this.nodes.get(path)
    if (watcher) this.watch('data', path, watcher)
    return n && statOf(n)
  }

  createEphemeralSequential(): Promise<string> {
    return Promise.reject(new Error('FakeZooKeeper has no sessions'))
  }

  async remove(path: string, version: number): Promise<void> {
    const result = await this.multi([{ op: 'remove', path, version }])
    if (!result.ok) throw result.error
  }

  async mkdirp(path: string): Promise<void> {
    const parts = path.split('/').slice(1)
    for (let i = 1; i <= parts.length; i++) {
      const dir = `/${parts.slice(0, i).join('/')}`
      if (!this.nodes.has(dir)) await this.multi([{ op: 'create', path: dir }])
    }
  }

  /** All or nothing, one zxid; watches fire after the commit and before the reply. */
  async multi(ops: readonly ZkOp[]): Promise<ZkMultiResult> {
    this.requests.multi++
    const zxid = this.zxid + 1n
    const undo: Array<() => void> = []
    const fired: Array<[kind: 'data' | 'child', path: string, type: ZkEventType]> = []
    const stats: ZkStat[] = []
    for (const [index, op] of ops.entries()) {
      const error = this.apply(op, zxid, undo, fired, stats)
      if (error) {
        for (const step of undo.reverse()) step()
        return { ok: false, index, error }
      }
    }
    this.zxid = zxid
    for (const [kind, path, type] of fired) this.fire(kind, path, type)
    return { ok: true, stats }
  }

  private apply(
    op: ZkOp,
    zxid: bigint,
    undo: Array<() => void>,
    fired: Array<['data' | 'child', string, ZkEventType]>,
    stats: ZkStat[],
  ): ApiError | undefined {
    const n = this.nodes.get(op.path)
    const parent = this.nodes.get(parentOf(op.path))
    if (op.op === 'create') {
      if (n) return new ApiError('AlreadyExists', `ZooKeeper node ${op.path} exists`)
      if (!parent) return new ApiError('NotFound', `no ZooKeeper node ${parentOf(op.path)}`)
      const before = parent.pzxid
      this.nodes.set(op.path, node(op.data ?? Buffer.alloc(0), zxid))
      parent.children.add(baseOf(op.path))
      parent.pzxid = zxid
      undo.push(() => {
        this.nodes.delete(op.path)
        parent.children.delete(baseOf(op.path))
        parent.pzxid = before
      })
      this.logged(undo, { zxid, path: op.path, data: op.data ?? Buffer.alloc(0) })
      fired.push(['data', op.path, 'created'], ['child', parentOf(op.path), 'children'])
      return undefined
    }
    if (!n || !parent) return new ApiError('NotFound', `no ZooKeeper node ${op.path}`)
    if (op.version !== -1 && op.version !== n.version) return new ApiError('Conflict', `bad version of ${op.path}`)
    if (op.op === 'setData') {
      const { data, mzxid, version } = n
      Object.assign(n, { data: op.data, mzxid: zxid, version: version + 1 })
      undo.push(() => Object.assign(n, { data, mzxid, version }))
      this.logged(undo, { zxid, path: op.path, data: op.data })
      stats.push(statOf(n))
      fired.push(['data', op.path, 'changed'])
      return undefined
    }
    if (n.children.size > 0) return new ApiError('Conflict', `ZooKeeper node ${op.path} has children`)
    const before = parent.pzxid
    this.nodes.delete(op.path)
    parent.children.delete(baseOf(op.path))
    parent.pzxid = zxid
    undo.push(() => {
      this.nodes.set(op.path, n)
      parent.children.add(baseOf(op.path))
      parent.pzxid = before
    })
    this.logged(undo, { zxid, path: op.path, data: null })
    fired.push(['data', op.path, 'deleted'], ['child', op.path, 'deleted'], ['child', parentOf(op.path), 'children'])
    return undefined
  }

  private logged(undo: Array<() => void>, entry: { zxid: bigint; path: string; data: Buffer | null }): void {
    this.log.push(entry)
    undo.push(() => this.log.pop())
  }

  private watch(kind: 'data' | 'child', path: string, watcher: ZkWatcher): void {
    const set = this.watches[kind].get(path) ?? new Set()
    set.add(watcher)
    this.watches[kind].set(path, set)
  }

  private fire(kind: 'data' | 'child', path: string, type: ZkEventType): void {
    const set = this.watches[kind].get(path)
    this.watches[kind].delete(path)
    for (const watcher of set ?? []) watcher({ type, path })
  }
}

function node(data: Buffer, zxid: bigint): FakeNode {
  return { data, mzxid: zxid, pzxid: zxid, version: 0, children: new Set() }
}

const statOf = (n: FakeNode): ZkStat => ({ mzxid: n.mzxid, pzxid: n.pzxid, version: n.version })
