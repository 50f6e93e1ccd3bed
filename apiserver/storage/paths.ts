/** @module ZooKeeper paths: `<root>/<plural>/<encoded name>`; the only place they are built or taken apart. */
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

export interface ZkPaths {
  readonly root: string
  kindDir(kind: Kind): string
  object(kind: Kind, name: string): string
  /** Parent of the apiservers' leader-election nodes. */
  readonly leaderDir: string
  /** Parent of the claim nodes (store.ts Holdings), one per claim, holding its holder's `Kind/name`. */
  readonly claimsDir: string
  claim(claim: string): string
  /** The marker of `owner` referring to `target`: a child of the target's node, so deleting the target fails. */
  reference(target: { kind: Kind; name: string }, owner: { kind: string; name: string }): string
  /** The kind and name of an object's path (inverse of object); undefined for any other path. */
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
  const object = (kind: Kind, name: string) => {
    const encoded = encodeName(name)
    if (encoded.length > MAX_ENCODED_NAME) {
      throw new ApiError('Invalid', `${kind} name of ${name.length} characters is too long to store`, {
        causes: [{ field: 'metadata.name', message: 'name is too long' }],
      })
    }
    return `${kindDir(kind)}/${encoded}`
  }
  const claimsDir = `${root}/claims`
  return {
    root,
    kindDir,
    object,
    leaderDir: `${root}/leader`,
    claimsDir,
    claim: (claim) => `${claimsDir}/${encodeName(claim)}`,
    objectOf: (path) => {
      const kind = ALL_KINDS.find((k) => path.startsWith(`${kindDir(k)}/`))
      const rest = kind && path.slice(kindDir(kind).length + 1)
      return kind && rest && !rest.includes('/') ? { kind, name: decodeName(rest) } : undefined
    },
    // "~" is never left unencoded by encodeName, so it separates kind and name unambiguously.
    reference: (target, owner) => `${object(target.kind, target.name)}/${owner.kind}~${encodeName(owner.name)}`,
    referrerOf: (marker) => {
      const tilde = marker.indexOf('~')
      return { kind: marker.slice(0, tilde), name: decodeName(marker.slice(tilde + 1)) }
    },
  }
}
