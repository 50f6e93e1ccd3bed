/** @module ZkOps: the few ZooKeeper operations the store needs, promise-shaped, with errors already ApiErrors. */
import { type AnyObject, ApiError } from '../../apis/index.js'
import { type Holdings, NO_HOLDINGS } from './store.js'

/** The parts of a znode's Stat we use; zxids as bigint. */
export interface ZkStat {
  mzxid: bigint
  pzxid: bigint
  version: number
}

export type ZkEventType = 'created' | 'deleted' | 'changed' | 'children'

/** A one-shot ZooKeeper watch callback. Pass the same function again to re-arm without duplicates. */
export type ZkWatcher = (event: { type: ZkEventType; path: string }) => void

/**
 * Implemented by ZooKeeperStore over its current session. Rejections are ApiErrors: NotFound (no
 * node), AlreadyExists (node exists), Conflict (bad version), Unavailable (connection loss, expiry, timeout).
 */
export interface ZkOps {
  getData(path: string, watcher?: ZkWatcher): Promise<{ data: Buffer; stat: ZkStat }>
  getChildren(path: string, watcher?: ZkWatcher): Promise<{ children: string[]; stat: ZkStat }>
  /** The node's Stat, or undefined; a watcher fires once when the node is created, changed or deleted. */
  exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | undefined>
  /** Creates `<prefix><10-digit sequence>`, deleted with this session; returns its path. */
  createEphemeralSequential(prefix: string, data: Buffer): Promise<string>
  remove(path: string, version: number): Promise<void>
  mkdirp(path: string): Promise<void>
  /**
   * One transaction: all ops or none. Resolves with the Stats of the setData ops (in order) when it committed,
   * or with the index and error of the op that failed; rejects only when ZooKeeper could not answer.
   */
  multi(ops: readonly ZkOp[]): Promise<ZkMultiResult>
}

/** One op of a multi; a create's node is persistent and empty unless `data` is given. */
export type ZkOp =
  | { op: 'create'; path: string; data?: Buffer }
  | { op: 'setData'; path: string; data: Buffer; version: number }
  | { op: 'remove'; path: string; version: number }

export type ZkMultiResult = { ok: true; stats: ZkStat[] } | { ok: false; index: number; error: ApiError }

/** The ZooKeeper requests timed by ZooKeeperStore's `onRequest` hook (`multi`: every object write). */
export type ZkOpName = 'get' | 'list' | 'exists' | 'create' | 'multi' | 'delete' | 'mkdirp'

/**
 * Told the duration of every ZooKeeper request, failed ones included (e.g. a latency histogram), and for a multi how
 * many ops it carried (the write batcher gathers many writes into one: zxids alone no longer count the writes).
 */
export type ZkRequestHook = (op: ZkOpName, seconds: number, ops?: number) => void

/** Largest object we write; ZooKeeper's default jute.maxbuffer is 1 MiB for the whole packet. */
export const MAX_NODE_BYTES = 1_000_000

/**
 * Room a write's records (its Events and history trims, WriteOptions.events) may take in its transaction beyond
 * MAX_NODE_BYTES: an object that fits alone still fits with its record, and the packet stays under 1 MiB.
 */
export const RECORD_BYTES = 32 * 1024

/** What one op costs in a request packet besides its path and data: header, version, flags and an ACL. */
const OP_OVERHEAD_BYTES = 128

/** About how many bytes `ops` take in one request packet (what checkMultiSize and the write batcher bound). */
export const multiBytes = (ops: readonly ZkOp[]): number =>
  ops.reduce(
    (n, op) => n + Buffer.byteLength(op.path) + (op.op === 'remove' ? 0 : (op.data?.length ?? 0)) + OP_OVERHEAD_BYTES,
    0,
  )

/**
 * Refuses (413) a transaction ZooKeeper could not take in one packet (jute.maxbuffer, 1 MiB by default): it would
 * answer by dropping the whole session, and with it every watch and the apiserver's leadership.
 */
export function checkMultiSize(ops: readonly ZkOp[], what: string, limit = MAX_NODE_BYTES): void {
  const bytes = multiBytes(ops)
  if (bytes <= limit) return
  throw new ApiError(
    'PayloadTooLarge',
    `${what} would be one ZooKeeper transaction of ${ops.length} operations and about ${bytes} bytes; the limit is ${limit}`,
  )
}

/** The key under which a node's JSON records what its object holds (store.ts Holdings); never shown to readers. */
const HOLDS_KEY = '~holds'

/** Objects are stored as JSON without resourceVersion, which is the node's mzxid, plus what they hold. */
export function encodeObject(obj: AnyObject, holds?: Holdings): Buffer {
  const { resourceVersion: _, ...metadata } = obj.metadata
  const held = holds && (holds.references.length > 0 || holds.claims.length > 0) ? { [HOLDS_KEY]: holds } : {}
  const data = Buffer.from(JSON.stringify({ ...obj, metadata, ...held }))
  if (data.length > MAX_NODE_BYTES) {
    const what = `${obj.kind.toLowerCase()} "${obj.metadata.name}"`
    throw new ApiError('PayloadTooLarge', `${what} is ${data.length} bytes stored; the limit is ${MAX_NODE_BYTES}`)
  }
  return data
}

/** Parses a node's data; throws Internal for data that is not a stored object. */
export function decodeObject(data: Buffer, rv: bigint, path: string): AnyObject {
  let value: unknown
  try {
    value = JSON.parse(data.toString('utf8'))
  } catch (err) {
    throw new ApiError('Internal', `ZooKeeper node ${path} does not hold JSON`, { cause: err })
  }
  const obj = value as Partial<AnyObject> | null
  if (!obj || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') {
    throw new ApiError('Internal', `ZooKeeper node ${path} does not hold an object with kind and metadata.name`)
  }
  obj.metadata.resourceVersion = String(rv)
  delete (obj as Record<string, unknown>)[HOLDS_KEY]
  return obj as AnyObject
}

/** What the object stored in a node's data holds (none for objects written before holdings existed). */
export function decodeHoldings(data: Buffer): Holdings {
  try {
    const held = (JSON.parse(data.toString('utf8')) as Record<string, unknown>)[HOLDS_KEY] as
      | Partial<Holdings>
      | undefined
    return { references: held?.references ?? [], claims: held?.claims ?? [] }
  } catch {
    return NO_HOLDINGS
  }
}
