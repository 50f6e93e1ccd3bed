/** @module Store: the apiserver's persistence contract, implemented by ZooKeeperStore and MemoryStore. */
import type { AnyObject, Kind, MasterStatus } from '../../apis/index.js'

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

/**
 * One change of one object. `object.metadata.resourceVersion` is the version of this change (for
 * DELETED: the version of the deletion). `prevObject` is the state before it, so watchers with a
 * selector can turn "stopped matching" into DELETED.
 */
export interface StoreEvent {
  type: StoreEventType
  object: AnyObject
  prevObject?: AnyObject
}

export interface WatchOptions {
  /**
   * Only changes of objects whose indexed field (storage/watch-index.ts; Task: spec.host) has this value, before
   * or after the change. A hint: kinds without an index deliver everything, so callers still filter.
   */
  indexValue?: string
}

export interface ListResult {
  items: AnyObject[]
  /** A version a watch can start from to see every later change. */
  resourceVersion: string
}

export interface WriteOptions {
  /** Compare-and-set: fail with Conflict unless the stored resourceVersion equals this. */
  ifVersion?: string
  /**
   * What the written object holds after a create or update, committed atomically with it (one ZooKeeper
   * multi-op), replacing what it held; undefined on update keeps what it holds. Delete releases everything.
   */
  holds?: Holdings
  /**
   * Other objects updated in the same transaction (create and update only), each compare-and-set on its
   * `metadata.resourceVersion` and holding `holds` afterwards; their releases happen before this object's claims are
   * taken, so a write can take over what another object held (migrate) without a moment where neither or both hold it.
   */
  alongside?: readonly Alongside[]
  /**
   * Events created in the same transaction (create, update and delete): stored with the write or not at all. An
   * Event whose name is taken fails the whole write with AlreadyExists naming that Event. Their resourceVersions are
   * not lower than the written object's (ZooKeeper: equal, one transaction).
   */
  events?: readonly AnyObject[]
  /**
   * Names of Events deleted in the same transaction (history retention), those of `events` included; one already
   * gone is skipped, never a reason to fail the write.
   */
  trimEvents?: readonly string[]
}

/** One more object a write updates in its transaction (WriteOptions.alongside). */
export interface Alongside {
  object: AnyObject
  holds: Holdings
}

/**
 * What an object holds in the store beyond its own data, so that rules across objects cannot be raced: a check
 * of other objects followed by a write is not atomic, a held reference or claim is (issue 13, item 9).
 */
export interface Holdings {
  /**
   * Objects it refers to (a Deployment its Job): each must exist when the write commits, else Conflict, and an
   * object referred to cannot be deleted (Conflict naming who refers to it).
   */
  references: ReadonlyArray<{ kind: Kind; name: string }>
  /** Exclusive names (`host web1 port 8080/tcp`): a write taking one another object holds fails with Conflict. */
  claims: readonly string[]
}

export const NO_HOLDINGS: Holdings = { references: [], claims: [] }

export interface Readiness {
  ready: boolean
  reason?: string
}

/**
 * Objects of every kind keyed by (kind, metadata.name). resourceVersions are decimal strings that
 * grow with every write and are comparable across kinds. Every returned object carries its
 * metadata.resourceVersion; objects handed out may be frozen and must not be modified.
 * Errors are ApiErrors: NotFound, AlreadyExists, Conflict, Expired, Unavailable. Safe for concurrent use.
 */
export interface Store {
  get(kind: Kind, name: string): Promise<AnyObject>
  /** The watch cache's copy (no round trip to the backing store); it may lag this store's own writes briefly. */
  peek(kind: Kind, name: string): AnyObject | undefined
  /** Read-your-writes: reflects every write this store instance has acknowledged. */
  list(kind: Kind): Promise<ListResult>
  create(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject>
  /** Replaces the stored object; the object must exist. */
  update(obj: AnyObject, opts?: WriteOptions): Promise<AnyObject>
  /** Removes the object and returns it as it was last stored. */
  delete(kind: Kind, name: string, opts?: WriteOptions): Promise<AnyObject>
  /**
   * Calls onEvent for every change after `fromResourceVersion` (or, without it, for every change
   * from now on), in resourceVersion order, synchronously from the store's event loop turn.
   * Throws Expired when that version is older than the retained window, and Unavailable when it is newer than
   * currentVersion (see waitForVersion). Returns a cancel function.
   */
  watch(
    kind: Kind,
    fromResourceVersion: string | undefined,
    onEvent: (event: StoreEvent) => void,
    opts?: WatchOptions,
  ): () => void
  /**
   * The newest version of `kind` this store has seen; every change up to it has been delivered to watchers
   * already, so an indexed watch can bookmark it although it saw none of the changes. Never throws for a known
   * kind: while the backing store is unreachable it is the version of the last change delivered (watch
   * bookmarks call it from timers).
   */
  currentVersion(kind: Kind): string
  /**
   * Resolves true once currentVersion(kind) has reached `version` (a version another replica handed out may be
   * ahead of this one for a moment), false after `timeoutMs`. Throws Unavailable when the kind cannot be served.
   */
  waitForVersion(kind: Kind, version: string, timeoutMs: number): Promise<boolean>
  /** Whether the store can serve requests now (connected, caches synced), with a reason when not. */
  readiness(): Readiness
  /** Releases connections; pending watches receive nothing more. Idempotent. */
  close(): Promise<void>
}

export interface LeaderHandlers {
  /** This candidate leads from now on. */
  onElected(): void
  /** This candidate no longer leads (its session was lost or its node removed); it campaigns again by itself. */
  onDeposed(): void
}

/**
 * Leader election among the apiservers sharing one store: at most one candidate is elected at a time.
 * `campaign` runs until the returned function is called, which withdraws the candidate (a leader hands
 * over at once) without calling onDeposed.
 */
export interface LeaderElection {
  campaign(identity: string, handlers: LeaderHandlers): () => Promise<void>
}

/** One apiserver as it announces itself, as Helios' masters did under /status/masters. */
export type MasterRecord = Omit<MasterStatus, 'up'>

/** An announced apiserver and whether it is up now (its session holds its `up` node). */
export type MasterView = MasterStatus

/**
 * The apiservers sharing one store. `announce` records the apiserver for good and marks it up for as long as this
 * process's session lives (again after a reconnection, or a new session); the returned function marks it down at
 * once. A crashed one is down when its ZooKeeper session expires. May be called once per process.
 */
export interface MasterRegistry {
  announce(master: MasterRecord): () => Promise<void>
  /** Every apiserver ever announced on this root, by name. */
  listMasters(): Promise<MasterView[]>
}
