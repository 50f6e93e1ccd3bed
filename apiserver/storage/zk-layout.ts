/**
 * @module ZkLayout: readies a root for the store — its directories and buckets exist, and objects an older apiserver
 * stored flat (`<root>/tasks/<name>`) are moved into their buckets (paths.ts).
 *
 * Each move is one multi: create the node in its bucket with the same data (and the reference markers under it),
 * delete the flat node at the version read. Two apiservers moving at once cannot both succeed, and the loser finds
 * the flat node gone; running it again finds nothing to move, so no leader is needed. A moved object's
 * resourceVersion (its node's mzxid) changes once, as after a restore: watchers resuming from an older version get
 * 410 Expired from the new apiserver's fresh cache and relist, and a compare-and-set with the old version is 409.
 */
import { ALL_KINDS, ApiError, isApiError, type Kind } from '../../apis/index.js'
import type { Log } from '../log.js'
import { BUCKETED_KINDS, isBucket, type ZkPaths } from './paths.js'
import { checkMultiSize, type ZkOp, type ZkOps } from './zk-ops.js'

const ATTEMPTS = 5
const MOVES_IN_FLIGHT = 50

/** Creates what is missing and moves flat objects into buckets; rejects (to be retried) when ZooKeeper fails. */
export async function prepareLayout(ops: ZkOps, paths: ZkPaths, log: Log): Promise<void> {
  for (const kind of ALL_KINDS) await ops.mkdirp(paths.kindDir(kind))
  await ops.mkdirp(paths.claimsDir)
  for (const kind of BUCKETED_KINDS) {
    const flat = await createBuckets(ops, paths, kind)
    if (flat.length > 0) await moveAll(ops, paths, kind, flat, log)
  }
}

/** Creates the kind's missing buckets in one multi; returns the other children of its directory (flat objects). */
async function createBuckets(ops: ZkOps, paths: ZkPaths, kind: Kind): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const { children } = await ops.getChildren(paths.kindDir(kind))
    const present = new Set(children)
    const missing = paths.objectDirs(kind).filter((dir) => !present.has(dir.slice(dir.lastIndexOf('/') + 1)))
    const flat = children.filter((child) => !isBucket(child))
    if (missing.length === 0) return flat
    const result = await ops.multi(missing.map((path): ZkOp => ({ op: 'create', path })))
    if (result.ok) return flat
    // Another apiserver created some meanwhile: look again.
    if (!isApiError(result.error, 'AlreadyExists') || attempt >= ATTEMPTS) throw result.error
  }
}

async function moveAll(ops: ZkOps, paths: ZkPaths, kind: Kind, flat: string[], log: Log): Promise<void> {
  const started = performance.now()
  log('info', 'moving objects stored flat into buckets', { kind, objects: flat.length })
  const counts = { moved: 0, gone: 0, duplicate: 0 }
  let next = 0
  const worker = async () => {
    while (next < flat.length) counts[await move(ops, paths, kind, flat[next++] as string, log)]++
  }
  await Promise.all(Array.from({ length: Math.min(MOVES_IN_FLIGHT, flat.length) }, worker))
  log('info', 'moved objects stored flat into buckets', {
    kind,
    ...counts,
    ms: Math.round(performance.now() - started),
  })
}

/**
 * Moves one flat node. `gone`: someone else moved or deleted it first. `duplicate`: its bucket already holds the name
 * (only an apiserver of the flat layout writing after the move can cause that); it is left where it is, unserved.
 */
async function move(
  ops: ZkOps,
  paths: ZkPaths,
  kind: Kind,
  segment: string,
  log: Log,
): Promise<'moved' | 'gone' | 'duplicate'> {
  const from = `${paths.kindDir(kind)}/${segment}`
  const to = paths.objectAt(kind, segment)
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const node = await ops.getData(from).catch(orGone)
    if (!node) return 'gone'
    // Tasks and Events hardly ever have reference markers: look for them only once a move failed.
    const markers = attempt === 1 ? [] : (await ops.getChildren(from).catch(orGone))?.children
    if (!markers) return 'gone'
    const moves: ZkOp[] = [
      { op: 'create', path: to, data: node.data },
      ...markers.map((m): ZkOp => ({ op: 'create', path: `${to}/${m}` })),
      ...markers.map((m): ZkOp => ({ op: 'remove', path: `${from}/${m}`, version: -1 })),
      { op: 'remove', path: from, version: node.stat.version },
    ]
    checkMultiSize(moves, `moving ${from} into its bucket`)
    const result = await ops.multi(moves)
    if (result.ok) return 'moved'
    if (result.index === 0 && isApiError(result.error, 'AlreadyExists')) {
      if (!(await ops.exists(from))) return 'gone'
      log('error', 'an object is stored both flat and in its bucket; serving the bucket’s, leaving the flat one', {
        flat: from,
        bucket: to,
      })
      return 'duplicate'
    }
    // It has reference markers, changed, or a marker came or went since it was read: read it again.
  }
  throw new ApiError('Unavailable', `could not move ${from} into its bucket: it kept changing`)
}

function orGone(err: unknown): undefined {
  if (isApiError(err, 'NotFound')) return undefined
  throw err
}
