/** @module The store's errors, worded once so both stores (and the contract test) agree. */
import { ApiError, shortName } from '../../apis/index.js'

const what = (kind: string, name: string) => `${kind.toLowerCase()} "${shortName(name)}"`

export const notFound = (kind: string, name: string, cause?: unknown) =>
  new ApiError('NotFound', `${what(kind, name)} not found`, { cause })

export const alreadyExists = (kind: string, name: string, cause?: unknown) =>
  new ApiError('AlreadyExists', `${what(kind, name)} already exists`, { cause })

export const conflict = (kind: string, name: string, cause?: unknown) =>
  new ApiError('Conflict', `${what(kind, name)} was modified concurrently; re-read and retry`, { cause })

/** A write referring to an object that is gone by the time it commits (a concurrent delete won). */
export const referenceGone = (kind: string, name: string, cause?: unknown) =>
  new ApiError('Conflict', `${what(kind, name)} does not exist (deleted concurrently?); nothing was written`, { cause })

/** A delete of an object others still refer to. */
export const stillReferred = (kind: string, name: string, by: readonly string[], cause?: unknown) =>
  new ApiError('Conflict', `${what(kind, name)} is still referred to by ${by.join(', ')}`, { cause })

/** A write taking a claim another object holds. */
export const claimHeld = (claim: string, holder: string | undefined, cause?: unknown) =>
  new ApiError('Conflict', `${claim} is already claimed${holder ? ` by ${holder}` : ''}`, {
    cause,
    causes: [{ field: CLAIM_FIELD, message: claim }, ...(holder ? [{ field: HOLDER_FIELD, message: holder }] : [])],
  })

/** The causes of a claimHeld error name the claim and its holder, so the rules can word the clash in their terms. */
export const CLAIM_FIELD = '~claim'
export const HOLDER_FIELD = '~holder'

/** How errors name a holder: `deployment "web"`. */
export const holderName = (kind: string, name: string): string => what(kind, name)

export const expired = (plural: string, from: bigint, oldest: bigint) =>
  new ApiError('Expired', `resourceVersion ${from} is too old for ${plural} (oldest retained: ${oldest}); list again`)

/** A watch from a version this store has not reached: refused rather than silently skipping what lies before it. */
export const tooNew = (plural: string, from: bigint, current: bigint) =>
  new ApiError(
    'Unavailable',
    `resourceVersion ${from} is newer than this apiserver has seen of ${plural} (${current}); list again and watch from the list's version`,
    { causes: [{ field: 'resourceVersion', message: `ResourceVersionTooLarge: ${from} > ${current}` }] },
  )

/** Parses a resourceVersion; anything but a decimal string is a bad request. */
export function parseVersion(rv: string, what = 'resourceVersion'): bigint {
  if (!/^\d{1,20}$/.test(rv)) throw new ApiError('BadRequest', `${what} must be a decimal number, got "${rv}"`)
  return BigInt(rv)
}
