/** @module The store's errors, worded once so both stores (and the contract test) agree. */
import { ApiError } from '../../apis/index.js'

const what = (kind: string, name: string) => `${kind.toLowerCase()} "${name}"`

export const notFound = (kind: string, name: string, cause?: unknown) =>
  new ApiError('NotFound', `${what(kind, name)} not found`, { cause })

export const alreadyExists = (kind: string, name: string, cause?: unknown) =>
  new ApiError('AlreadyExists', `${what(kind, name)} already exists`, { cause })

export const conflict = (kind: string, name: string, cause?: unknown) =>
  new ApiError('Conflict', `${what(kind, name)} was modified concurrently; re-read and retry`, { cause })

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
