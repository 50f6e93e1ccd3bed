/** @module Linux capability names as Docker reads them: `NET_ADMIN`, `CAP_NET_ADMIN` and `net_admin` are one capability. */

/** Docker takes `NET_ADMIN`, `CAP_NET_ADMIN` and `net_admin` alike: compare them as `NET_ADMIN`. */
export const normalizeCapability = (cap: string): string => cap.trim().toUpperCase().replace(/^CAP_/, '')

/** True for a plausible Linux capability name (letters, digits, "_"), with or without `CAP_`. */
export const isCapabilityName = (cap: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(normalizeCapability(cap))
