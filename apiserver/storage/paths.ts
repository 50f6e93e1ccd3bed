/**
 * @module ZooKeeper paths: `<root>/<plural>/<encoded name>`, or `<root>/<plural>/<bucket>/<encoded name>` for the kinds
 * that grow with the fleet; the only place paths are built or taken apart.
 *
 * Why buckets: ZkKindSync re-reads a directory's children list on every create and delete in it. With every Task in
 * one directory that is 10,000 names per change (quadratic in a burst, and a 10,000-name packet); in 256 buckets it is
 * about 40. Tasks and Events grow with the fleet (Events with its history: up to 90 per object), so they are bucketed.
 * Hosts stay flat: 1,000 at the fleet we aim for, and their children list changes only when an agent registers or
 * is removed (heartbeats change data, not the list), so one 1,000-name list per registration costs less than 256
 * watches and a 256-list relist. Jobs and Deployments are as many as users write.
 *
 * Why hash buckets and not Tasks under their host (as Helios kept them): the bucket is derived from the name alone, so
 * get, update and delete need no lookup, any name works (a Task name need not be `<deployment>@<host>`), and Events,
 * which belong to no host, use the same scheme. A fixed set of buckets is created once when the root is prepared
 * (zk-layout.ts) and never deleted, so no write ever races a bucket's creation or removal, and the bucket list never
 * changes, so nothing re-lists it; per-host directories would come and go with hosts and have to be created and removed
 * inside the writes' transactions. Nobody reads "a host's Tasks" from ZooKeeper either: agents watch through the
 * apiserver's cache, which has its own index by host (watch-index.ts). Hash buckets are also even (a host with many
 * Tasks would make a big one): 10,000 names fill 256 buckets with 21 to 60 each.
 *
 * The hash (32-bit FNV-1a of the encoded name, folded to a byte) and the bucket count are part of the storage format:
 * changing either means moving every object again, as zk-layout.ts moves the flat layout's.
 */
import { ALL_KINDS, ApiError, KINDS, type Kind } from '../../apis/index.js'

// ZooKeeper allows ":" and "@" (Job and Task names) but not "/", and "." / ".." are reserved.
const SAFE = /^[A-Za-z0-9._:@-]$/

/** Percent-encodes every character outside [A-Za-z0-9._:@-], and "." and ".." as a whole. */
export function encodeName(name: string): string {
  if (name === '.' || name === '..') return name.replaceAll('.', '%2E')
  let out = ''
  for (const ch of name) out += SAFE.test(ch) ? ch : percentEncode(ch)
  return out
}

const utf8 = new TextEncoder()
const percentEncode = (ch: string): string =>
  [...utf8.encode(ch)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')

/**
 * The longest encoded name a path may end in. The schemas cap names far below it; this guards the store itself,
 * because ZooKeeper drops the whole session (leadership included) on a request packet it cannot take.
 */
export const MAX_ENCODED_NAME = 2048

/** Inverse of encodeName. */
export const decodeName = (segment: string): string => (segment.includes('%') ? decodeURIComponent(segment) : segment)

/** The kinds stored in buckets (see the module header). */
export const BUCKETED_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Task', 'Event'])

/** Buckets per bucketed kind. */
export const BUCKET_COUNT = 256

// "~" is never left unencoded by encodeName, so a bucket's name can never be an object's.
const BUCKET = /^~[0-9a-f]{2}$/
const BUCKET_NAMES = Array.from({ length: BUCKET_COUNT }, (_, i) => `~${i.toString(16).padStart(2, '0')}`)

/** Whether a child of a kind's directory is a bucket (else, in a bucketed kind, an object of the flat layout). */
export const isBucket = (segment: string): boolean => BUCKET.test(segment)

/** The bucket of an encoded name, `~00` to `~ff`: FNV-1a over its (ASCII) characters, the four bytes xor-folded. */
export function bucketOf(encoded: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < encoded.length; i++) hash = Math.imul(hash ^ encoded.charCodeAt(i), 0x01000193)
  hash ^= (hash >>> 8) ^ (hash >>> 16) ^ (hash >>> 24)
  return BUCKET_NAMES[hash & 0xff] as string
}

export interface ZkPaths {
  readonly root: string
  kindDir(kind: Kind): string
  /** The directories holding the kind's objects: its buckets, or the kind's directory itself. */
  objectDirs(kind: Kind): readonly string[]
  object(kind: Kind, name: string): string
  /** Where an object whose encoded name is `segment` lives (object() without encoding or the length check). */
  objectAt(kind: Kind, segment: string): string
  /** Parent of the apiservers' leader-election nodes. */
  readonly leaderDir: string
  /** Parent of the apiservers' announcements (`masters` verb): a record each, with an ephemeral `up_` child. */
  readonly mastersDir: string
  /** Parent of the claim nodes (store.ts Holdings), one per claim, holding its holder's `Kind/name`. */
  readonly claimsDir: string
  claim(claim: string): string
  /** The marker of `owner` referring to `target`: a child of the target's node, so deleting the target fails. */
  reference(target: { kind: Kind; name: string }, owner: { kind: string; name: string }): string
  /** The kind and name of an object's path (inverse of object); undefined for any other path (buckets, markers). */
  objectOf(path: string): { kind: Kind; name: string } | undefined
  /** The owner a reference marker's name stands for. */
  referrerOf(markerName: string): { kind: string; name: string }
}

/** Paths under `root` ("/helios"); throws on a root ZooKeeper would refuse. */
export function zkPaths(root: string): ZkPaths {
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(root)) {
    throw new RangeError(`ZooKeeper root must look like "/helios" (letters, digits, ".", "_", "-"), got "${root}"`)
  }
  const kindDir = (kind: Kind) => `${root}/${KINDS[kind].plural}`
  const dirs = new Map(
    ALL_KINDS.map((k) => [k, BUCKETED_KINDS.has(k) ? BUCKET_NAMES.map((b) => `${kindDir(k)}/${b}`) : [kindDir(k)]]),
  )
  const objectAt = (kind: Kind, segment: string) =>
    BUCKETED_KINDS.has(kind) ? `${kindDir(kind)}/${bucketOf(segment)}/${segment}` : `${kindDir(kind)}/${segment}`
  const object = (kind: Kind, name: string) => {
    const encoded = encodeName(name)
    if (encoded.length > MAX_ENCODED_NAME) {
      throw new ApiError('Invalid', `${kind} name of ${name.length} characters is too long to store`, {
        causes: [{ field: 'metadata.name', message: 'name is too long' }],
      })
    }
    return objectAt(kind, encoded)
  }
  const claimsDir = `${root}/claims`
  return {
    root,
    kindDir,
    objectDirs: (kind) => dirs.get(kind) ?? [],
    object,
    objectAt,
    leaderDir: `${root}/leader`,
    mastersDir: `${root}/masters`,
    claimsDir,
    claim: (claim) => `${claimsDir}/${encodeName(claim)}`,
    objectOf: (path) => {
      const kind = ALL_KINDS.find((k) => path.startsWith(`${kindDir(k)}/`))
      if (!kind) return undefined
      const segment = path.slice(path.lastIndexOf('/') + 1)
      return segment && path === objectAt(kind, segment) ? { kind, name: decodeName(segment) } : undefined
    },
    // "~" is never left unencoded by encodeName, so it separates kind and name unambiguously.
    reference: (target, owner) => `${object(target.kind, target.name)}/${owner.kind}~${encodeName(owner.name)}`,
    referrerOf: (marker) => {
      const tilde = marker.indexOf('~')
      return { kind: marker.slice(0, tilde), name: decodeName(marker.slice(tilde + 1)) }
    },
  }
}
