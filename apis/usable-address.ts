/** @module Whether an IP address can be where a host is reached (pure): not unspecified, multicast or broadcast. */

/**
 * Why `ip` (an IPv4 or IPv6 address in text form) cannot be dialled as one host's address: undefined when it can.
 * 0.0.0.0 and `::` mean "any" (a listen address, not a destination), multicast reaches a group, 255.255.255.255 a
 * whole link; an Endpoint or an A record carrying one would send clients nowhere useful.
 */
export function unusableAddress(ip: string): 'unspecified' | 'multicast' | 'broadcast' | undefined {
  if (ip.includes(':')) {
    if (/^[0:]*$/.test(ip)) return 'unspecified'
    // ff00::/8: a first group of four hex digits starting "ff" ("ff::1" is 00ff::1, an ordinary address).
    return /^ff[0-9a-f]{2}:/i.test(ip) ? 'multicast' : undefined
  }
  const octets = ip.split('.').map(Number)
  if (octets.every((o) => o === 0)) return 'unspecified'
  if (octets.every((o) => o === 255)) return 'broadcast'
  const first = octets[0] ?? 0
  return first >= 224 && first <= 239 ? 'multicast' : undefined
}

const PHRASE = {
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
}

/** The one-line refusal of an unusable `ip` given as `what` (a field or `invalid --flag`), or undefined. */
export function unusableAddressProblem(what: string, ip: string): string | undefined {
  const why = unusableAddress(ip)
  return why && `${what} "${ip}": ${PHRASE[why]} reaches no single host`
}
