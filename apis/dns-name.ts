/** @module Whether a string is a DNS name (pure): the check before a name reaches a zone, a flag or a dnsmasq file. */

/** One label: [A-Za-z0-9_-], 1 to 63 characters, not starting or ending with '-' (`_` allowed for SRV's `_service`). */
const LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/

/** Longest name in presentation form, without the trailing dot (RFC 1035's 255 octets on the wire). */
const MAX_NAME_LENGTH = 253

/** Dot-separated labels, at most 253 characters, with an optional trailing dot; '' is not a name. */
export function isDnsName(name: string): boolean {
  const relative = name.endsWith('.') ? name.slice(0, -1) : name
  return relative.length > 0 && relative.length <= MAX_NAME_LENGTH && relative.split('.').every((l) => LABEL.test(l))
}
