/** @module ZooKeeperStore: the Store on ZooKeeper — sessions, error translation, and (with zk-packet-coalescing.ts) the only import of node-zookeeper-client. */
import { createHash } from 'node:crypto'
import zookeeper from 'node-zookeeper-client'
import { ALL_KINDS, type AnyObject, ApiError, KINDS, type Kind } from '../../apis/index.js'
import type { Log } from '../log.js'
import { type ZkPaths, zkPaths } from './paths.js'
import type {
  LeaderElection,
  LeaderHandlers,
  ListResult,
  MasterRecord,
  MasterRegistry,
  MasterView,
  Readiness,
  Store,
  StoreEvent,
  WatchOptions,
  WriteOptions,
} from './store.js'
import { parseVersion } from './store-errors.js'
import { WatchCache } from './watch-cache.js'
import { WATCH_INDEX } from './watch-index.js'
import { ZkBatcher } from './zk-batcher.js'
import { ZkKindSync } from './zk-kind-sync.js'
import { prepareLayout } from './zk-layout.js'
import { ZkLeaderElection } from './zk-leader.js'
import { ZkMasters } from './zk-masters.js'
import { ZkObjects } from './zk-objects.js'
import type { ZkEventType, ZkOpName, ZkOps, ZkRequestHook, ZkStat, ZkWatcher } from './zk-ops.js'
import { coalesceZooKeeperPackets } from './zk-packet-coalescing.js'

export interface ZooKeeperStoreOptions {
  /** Connect string, e.g. "127.0.0.1:2181" or "a:2181,b:2181,c:2181". */
  connect: string
  root?: string
  log: Log
  sessionTimeoutMs?: number
  /** Events kept per kind for watches resuming from a version (default 1000). */
  historySize?: number
  opTimeoutMs?: number
  /** Called with the duration of every ZooKeeper request (the apiserver's latency histogram). */
  onRequest?: ZkRequestHook
  /**
   * `user:password` (`--zk-acl-digest`): the session authenticates with it and every node it creates gets
   * ACL [digest user:CRWDA, world:anyone READ], so only holders of the digest can change the tree.
   */
  aclDigest?: string
}

const RESYNC_RETRY_MS = 1_000
const LIST_WAIT_MS = 3_000

/** Connects by itself, reconnects after a lost session, and serves lists and watches from per-kind caches. */
export class ZooKeeperStore implements Store, LeaderElection, MasterRegistry {
  private client: zookeeper.Client | undefined
  private connected = false
  private closed = false
  private readonly paths: ZkPaths
  private readonly syncs = new Map<Kind, ZkKindSync>()
  private readonly written = new Map<Kind, bigint>()
  private readonly objects: ZkObjects
  private readonly ops: ZkOps
  private readonly election: ZkLeaderElection
  private readonly masters: ZkMasters
  private readonly firstReady: Promise<void>
  private markReady: () => void = () => {}
  private retryTimer: NodeJS.Timeout | undefined

  constructor(private readonly opts: ZooKeeperStoreOptions) {
    this.paths = zkPaths(opts.root ?? '/helios')
    const ops = zkOpsOf(
      () => (this.connected ? this.client : undefined),
      this.unreachable,
      opts.opTimeoutMs ?? 10_000,
      opts.onRequest,
      zkAcls(opts.aclDigest),
      (error) => opts.log('error', 'zookeeper watch handler failed', { error }),
    )
    this.ops = ops
    this.election = new ZkLeaderElection(ops, this.paths.leaderDir, opts.log)
    this.masters = new ZkMasters(ops, this.paths.mastersDir, opts.log)
    for (const kind of ALL_KINDS) {
      const cache = new WatchCache(KINDS[kind].plural, opts.historySize, WATCH_INDEX[kind]?.valueOf)
      this.syncs.set(kind, new ZkKindSync(ops, this.paths, kind, cache, opts.log))
    }
    // Object writes gather into shared multis (one zxid for many); the watch caches and the election read alone.
    const batcher = new ZkBatcher((batch) => ops.multi(batch))
    this.objects = new ZkObjects({ ...ops, multi: (tx) => batcher.multi(tx) }, this.paths, (kind, zxid) => {
      if (zxid > (this.written.get(kind) ?? 0n)) this.written.set(kind, zxid)
    })
    this.firstReady = new Promise((resolve) => (this.markReady = resolve))
  }

  /** Connects (once) and resolves when every cache is synced for the first time; retries forever meanwhile. */
  start(): Promise<void> {
    if (this.client || this.closed) return this.firstReady
    this.openSession()
    const waiting = setInterval(
      () => this.opts.log('warn', 'still waiting for ZooKeeper', { ...this.readiness() }),
      10_000,
    )
    void this.firstReady.then(() => clearInterval(waiting))
    this.stopWaiting = () => clearInterval(waiting)
    return this.firstReady
  }

  private stopWaiting = () => {}

  get(kind: Kind, name: string): Promise<AnyObject> {
    return this.objects.get(kind, name)
  }

  async list(kind: Kind): Promise<ListResult> {
    const cache = this.cacheOf(kind)
    const target = this.written.get(kind)
    if (target !== undefined && !(await cache.waitFor(target, LIST_WAIT_MS))) {
      this.opts.log('warn', 'watch cache is behind this apiserver’s writes; serving it anyway', {
        kind,
        target: String(target),
      })
    }
    return cache.list()
  }

  create(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject> {
    return this.objects.create(obj, opts)
  }

  update(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject> {
    return this.objects.update(obj, opts)
  }

  delete(kind: Kind, name: string, opts?: WriteOptions): Promise<AnyObject> {
    return this.objects.delete(kind, name, opts)
  }

  peek(kind: Kind, name: string): AnyObject | undefined {
    return this.cacheOf(kind).get(name)
  }

  /** The cache's version, also while ZooKeeper is away: every change up to it reached the watchers (a bookmark is true). */
  currentVersion(kind: Kind): string {
    return String(this.syncOf(kind).cache.resourceVersion)
  }

  waitForVersion(kind: Kind, version: string, timeoutMs: number): Promise<boolean> {
    return this.cacheOf(kind).waitFor(parseVersion(version), timeoutMs)
  }

  watch(
    kind: Kind,
    from: string | undefined,
    onEvent: (event: StoreEvent) => void,
    opts: WatchOptions = {},
  ): () => void {
    return this.cacheOf(kind).watch(from === undefined ? undefined : parseVersion(from), onEvent, opts.indexValue)
  }

  /** Leader election under `<root>/leader`; a leader is deposed as soon as its connection drops. */
  campaign(identity: string, handlers: LeaderHandlers): () => Promise<void> {
    return this.election.campaign(identity, handlers)
  }

  /** Announces this apiserver under `<root>/masters` (Helios' `/status/masters`), up while its session lives. */
  announce(master: MasterRecord): () => Promise<void> {
    return this.masters.announce(master)
  }

  listMasters(): Promise<MasterView[]> {
    return this.masters.listMasters()
  }

  readiness(): Readiness {
    if (!this.connected) return { ready: false, reason: this.unreachable().message }
    const syncing = [...this.syncs.values()].filter((s) => s.needsResync || !s.cache.isLoaded)
    if (syncing.length > 0) return { ready: false, reason: 'watch caches are syncing with ZooKeeper' }
    return { ready: true }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.connected = false
    clearTimeout(this.retryTimer)
    this.stopWaiting()
    const client = this.client
    if (!client) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000)
      client.once('disconnected', () => {
        clearTimeout(timer)
        resolve()
      })
      client.close()
    })
  }

  private readonly unreachable = () => new ApiError('Unavailable', `ZooKeeper at ${this.opts.connect} is unreachable`)

  private syncOf(kind: Kind): ZkKindSync {
    const sync = this.syncs.get(kind)
    if (!sync) throw new TypeError(`unknown kind ${kind}`)
    return sync
  }

  private cacheOf(kind: Kind): WatchCache {
    const sync = this.syncOf(kind)
    if (!this.connected) throw this.unreachable()
    if (!sync.cache.isLoaded)
      throw new ApiError('Unavailable', `the ${KINDS[kind].plural} cache is not synced with ZooKeeper yet`)
    return sync.cache
  }

  private openSession(): void {
    coalesceZooKeeperPackets()
    const client = zookeeper.createClient(this.opts.connect, {
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30_000,
      spinDelay: 1_000,
      retries: 0,
    })
    this.client = client
    if (this.opts.aclDigest) client.addAuthInfo('digest', Buffer.from(this.opts.aclDigest))
    // Called from the client's socket handlers: an exception here would be uncaught and end the process.
    client.on('state', (state) => {
      try {
        this.onState(client, state)
      } catch (error) {
        this.opts.log('error', 'zookeeper state change failed', { state: String(state), error })
      }
    })
    client.connect()
  }

  private onState(client: zookeeper.Client, state: zookeeper.State): void {
    if (client !== this.client || this.closed) return
    const { State } = zookeeper
    if (state === State.SYNC_CONNECTED) {
      this.connected = true
      this.opts.log('info', 'zookeeper connected', { connect: this.opts.connect })
      void this.resyncAll()
      this.election.connected()
      this.masters.connected()
    } else if (state === State.DISCONNECTED) {
      this.connected = false
      this.election.disconnected()
      this.opts.log('warn', 'zookeeper disconnected', { connect: this.opts.connect })
    } else if (state === State.EXPIRED) {
      // Watches died with the session: a new session relists and emits what changed meanwhile.
      this.connected = false
      this.election.disconnected()
      this.opts.log('warn', 'zookeeper session expired; opening a new one', { connect: this.opts.connect })
      client.close()
      this.openSession()
    } else if (state === State.AUTH_FAILED) {
      this.opts.log('error', 'zookeeper authentication failed', { connect: this.opts.connect })
    }
  }

  private async resyncAll(): Promise<void> {
    clearTimeout(this.retryTimer)
    const client = this.client
    try {
      await prepareLayout(this.ops, this.paths, this.opts.log)
      this.objects.layoutReady()
      const results = await Promise.all([...this.syncs.values()].map((s) => s.resync()))
      if (results.every(Boolean)) {
        this.opts.log('info', 'store ready', { root: this.paths.root })
        this.markReady()
        return
      }
    } catch (err) {
      this.opts.log('warn', 'zookeeper resync failed; retrying', { error: String(err) })
    }
    if (client === this.client && this.connected && !this.closed) {
      this.retryTimer = setTimeout(() => void this.resyncAll(), RESYNC_RETRY_MS)
    }
  }
}

const EVENT_TYPES: Record<number, ZkEventType> = {
  [zookeeper.Event.NODE_CREATED]: 'created',
  [zookeeper.Event.NODE_DELETED]: 'deleted',
  [zookeeper.Event.NODE_DATA_CHANGED]: 'changed',
  [zookeeper.Event.NODE_CHILDREN_CHANGED]: 'children',
}

const toStat = (stat: zookeeper.Stat): ZkStat => ({
  mzxid: stat.mzxid.readBigUInt64BE(0),
  pzxid: stat.pzxid.readBigUInt64BE(0),
  version: stat.version,
})

/** The Stats a committed multi reports, one per setData op. */
function statsOf(results: Array<{ stat?: zookeeper.Stat }> | undefined): ZkStat[] {
  return (results ?? []).flatMap((r) => (r.stat ? [toStat(r.stat)] : []))
}

/** Translates a ZooKeeper failure where it enters; nothing above this file sees a ZooKeeper type. */
function translate(err: unknown, unreachable: () => ApiError, path: string): ApiError {
  if (!(err instanceof zookeeper.Exception))
    return new ApiError('Internal', `ZooKeeper client failed on ${path}`, { cause: err })
  const { Exception } = zookeeper
  switch (err.getCode()) {
    case Exception.NO_NODE:
      return new ApiError('NotFound', `no ZooKeeper node ${path}`, { cause: err })
    case Exception.NODE_EXISTS:
      return new ApiError('AlreadyExists', `ZooKeeper node ${path} exists`, { cause: err })
    case Exception.BAD_VERSION:
      return new ApiError('Conflict', `ZooKeeper node ${path} has another version`, { cause: err })
    case Exception.CONNECTION_LOSS:
    case Exception.SESSION_EXPIRED:
    case Exception.OPERATION_TIMEOUT:
      return new ApiError('Unavailable', unreachable().message, { cause: err })
    case Exception.NOT_EMPTY:
      return new ApiError('Conflict', `ZooKeeper node ${path} has children`, { cause: err })
    case Exception.NO_AUTH:
      return new ApiError('Internal', `ZooKeeper refused access to ${path} (NO_AUTH): check --zk-acl-digest`, {
        cause: err,
      })
    default:
      return new ApiError('Internal', `ZooKeeper ${err.getName()} on ${path}`, { cause: err })
  }
}

/**
 * The ACL of every node created: open to all without a digest; with `user:password`, all permissions for
 * that digest identity (`user:base64(sha1(user:password))`, ZooKeeper's DigestAuthenticationProvider) and
 * READ for everyone.
 */
export function zkAcls(digest: string | undefined): zookeeper.ACL[] {
  const { ACL, Id, Permission } = zookeeper
  if (!digest) return [new ACL(Permission.ALL, new Id('world', 'anyone'))]
  const user = digest.slice(0, digest.indexOf(':'))
  const hash = createHash('sha1').update(digest).digest('base64')
  return [
    new ACL(Permission.ALL, new Id('digest', `${user}:${hash}`)),
    new ACL(Permission.READ, new Id('world', 'anyone')),
  ]
}

/** ZkOps over whatever client is current; fails fast with Unavailable while disconnected, and after `timeoutMs`. */
function zkOpsOf(
  current: () => zookeeper.Client | undefined,
  unreachable: () => ApiError,
  timeoutMs: number,
  onRequest: ZkRequestHook = () => {},
  acls: zookeeper.ACL[] = zkAcls(undefined),
  onWatcherError: (error: unknown) => void = () => {},
): ZkOps {
  const adapted = new WeakMap<ZkWatcher, (event: zookeeper.Event) => void>()
  // The client dedupes watchers by function identity, so each ZkWatcher maps to one stable function.
  // It calls them from its socket handlers, where a throw would be uncaught: each one's errors stop here.
  const native = (watcher: ZkWatcher) => {
    let fn = adapted.get(watcher)
    if (!fn) {
      fn = (event) => {
        try {
          watcher({ type: EVENT_TYPES[event.getType()] ?? 'changed', path: event.getPath() })
        } catch (error) {
          onWatcherError(error)
        }
      }
      adapted.set(watcher, fn)
    }
    return fn
  }
  type Done<T> = (err: unknown, value?: T) => void
  const call = <T>(
    op: ZkOpName,
    path: string,
    fn: (client: zookeeper.Client, done: Done<T>) => void,
    size?: number,
  ): Promise<T> => {
    const client = current()
    if (!client) return Promise.reject(unreachable())
    return new Promise<T>((resolve, reject) => {
      const started = performance.now()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        onRequest(op, (performance.now() - started) / 1000, size)
        reject(unreachable())
      }, timeoutMs)
      const done: Done<T> = (err, value) => {
        clearTimeout(timer)
        if (!timedOut) onRequest(op, (performance.now() - started) / 1000, size)
        if (err) reject(translate(err, unreachable, path))
        else resolve(value as T)
      }
      try {
        fn(client, done)
      } catch (err) {
        done(err)
      }
    })
  }
  return {
    getData: (path, watcher) =>
      call('get', path, (c, done) => {
        const cb = (err: unknown, data: Buffer, stat: zookeeper.Stat) =>
          done(err, err ? undefined : { data: data ?? Buffer.alloc(0), stat: toStat(stat) })
        if (watcher) c.getData(path, native(watcher), cb)
        else c.getData(path, cb)
      }),
    getChildren: (path, watcher) =>
      call('list', path, (c, done) => {
        const cb = (err: unknown, children: string[], stat: zookeeper.Stat) =>
          done(err, err ? undefined : { children, stat: toStat(stat) })
        if (watcher) c.getChildren(path, native(watcher), cb)
        else c.getChildren(path, cb)
      }),
    exists: (path, watcher) =>
      call('exists', path, (c, done) => {
        const cb = (err: unknown, stat: zookeeper.Stat) => done(err, stat ? toStat(stat) : undefined)
        if (watcher) c.exists(path, native(watcher), cb)
        else c.exists(path, cb)
      }),
    createEphemeralSequential: (prefix, data) =>
      call('create', prefix, (c, done) =>
        c.create(prefix, data, acls, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL, (err, path) => done(err, path)),
      ),
    remove: (path, version) => call('delete', path, (c, done) => c.remove(path, version, (err) => done(err))),
    multi: (ops) =>
      call(
        'multi',
        ops[0]?.path ?? '/',
        (c, done) => {
          const tx = c.transaction()
          for (const op of ops) {
            if (op.op === 'create')
              tx.create(op.path, op.data ?? Buffer.alloc(0), acls, zookeeper.CreateMode.PERSISTENT)
            else if (op.op === 'setData') tx.setData(op.path, op.data, op.version)
            else tx.remove(op.path, op.version)
          }
          tx.commit((err, results) => {
            // A failed op is an answer, not a failure of the call: find it by its error result.
            const failed =
              err && results ? results.findIndex((r: { err?: number }) => r.err !== undefined && r.err !== 0) : -1
            if (failed < 0 || !results) {
              done(err, err ? undefined : { ok: true, stats: statsOf(results) })
              return
            }
            const path = ops[failed]?.path ?? '/'
            done(undefined, { ok: false, index: failed, error: translate(err, unreachable, path) })
          })
        },
        ops.length,
      ),
    // An existing path is left alone: a session without the digest may not even try to create under an ACL'd root.
    mkdirp: (path) =>
      call('mkdirp', path, (c, done) =>
        c.exists(path, (err, stat) => (err || stat ? done(err) : c.mkdirp(path, acls, (e) => done(e)))),
      ),
  }
}
