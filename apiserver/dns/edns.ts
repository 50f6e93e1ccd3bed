/** @module A query's EDNS (RFC 6891): absent, its UDP size, or why it is refused (two OPTs, a version we do not speak). */
import type { Answer, DecodedPacket } from 'dns-packet'

/** DNS Flag Day 2020's safe EDNS size: larger UDP answers fragment. */
export const MAX_EDNS_UDP_BYTES = 1232

/** The only EDNS version there is; a higher one is answered BADVERS. */
const EDNS_VERSION = 0
/** BADVERS is extended rcode 16: 1 in the OPT's upper 8 bits, 0 in the header's 4. */
export const BADVERS_EXTENDED_RCODE = 16 >> 4

export type QueryEdns =
  | { kind: 'none' }
  | { kind: 'ok'; udpPayloadSize: number }
  | { kind: 'formerr' }
  | { kind: 'badvers' }

/** Our EDNS record: the UDP size we accept, nothing else (no DNSSEC); `extendedRcode` for BADVERS. */
export const optRecord = (extendedRcode = 0): Answer => ({
  type: 'OPT',
  name: '.',
  udpPayloadSize: MAX_EDNS_UDP_BYTES,
  extendedRcode,
  ednsVersion: EDNS_VERSION,
  flags: 0,
  flag_do: false,
  options: [],
})

export function queryEdns(query: DecodedPacket): QueryEdns {
  const opts = (query.additionals ?? []).filter((a) => a.type === 'OPT')
  const [opt] = opts
  if (opt === undefined) return { kind: 'none' }
  // RFC 6891 6.1.1: more than one OPT is FORMERR.
  if (opts.length > 1 || !('udpPayloadSize' in opt)) return { kind: 'formerr' }
  if (opt.ednsVersion > EDNS_VERSION) return { kind: 'badvers' }
  return { kind: 'ok', udpPayloadSize: opt.udpPayloadSize }
}
