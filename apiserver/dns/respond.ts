/** @module One DNS query packet → its response packet (pure): malformed or oversized input gets FORMERR or nothing, never a throw. */
import dnsPacket, { type Answer, type DecodedPacket, type Packet } from 'dns-packet'
import { answerQuestion, type DnsAnswer } from './answer.js'
import type { DnsZone } from './zone.js'

const HEADER_BYTES = 12
/** No honest query is longer (one question, one OPT); longer ones are answered FORMERR without being decoded. */
export const MAX_QUERY_BYTES = 4096
/** RFC 1035's UDP limit without EDNS. */
const CLASSIC_UDP_BYTES = 512
/** DNS Flag Day 2020's safe EDNS size: larger UDP answers fragment. */
const MAX_EDNS_UDP_BYTES = 1232
const MAX_TCP_BYTES = 65535

/** Our EDNS record: the UDP size we accept, nothing else (no DNSSEC). */
const OPT: Answer = {
  type: 'OPT',
  name: '.',
  udpPayloadSize: MAX_EDNS_UDP_BYTES,
  extendedRcode: 0,
  ednsVersion: 0,
  flags: 0,
  flag_do: false,
  options: [],
}

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const
type Rcode = keyof typeof RCODE

export interface RespondOptions {
  ttl: number
  transport: 'udp' | 'tcp'
}

const isQuery = (buf: Buffer) => (buf.readUInt16BE(2) & 0x8000) === 0
const opcodeOf = (buf: Buffer) => (buf.readUInt16BE(2) >> 11) & 0xf
const recursionDesired = (buf: Buffer) => buf.readUInt16BE(2) & dnsPacket.RECURSION_DESIRED

function headerOnly(query: Buffer, rcode: Rcode): Buffer {
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired(query) | RCODE[rcode]
  return dnsPacket.encode({ type: 'response', id: query.readUInt16BE(0), flags, questions: [] })
}

function ednsPayload(query: DecodedPacket): number | undefined {
  const opt = query.additionals?.find((a) => a.type === 'OPT')
  return opt && 'udpPayloadSize' in opt ? opt.udpPayloadSize : undefined
}

function sizeLimit(transport: RespondOptions['transport'], edns: number | undefined): number {
  if (transport === 'tcp') return MAX_TCP_BYTES
  return Math.min(Math.max(edns ?? CLASSIC_UDP_BYTES, CLASSIC_UDP_BYTES), MAX_EDNS_UDP_BYTES)
}

/** Drops the additional section, then the answers that do not fit (setting TC, so a resolver retries over TCP). */
function fitted(packet: Packet, limit: number): Buffer {
  if (dnsPacket.encodingLength(packet) <= limit) return dnsPacket.encode(packet)
  const lean = { ...packet, additionals: packet.additionals?.filter((a) => a.type === 'OPT') }
  if (dnsPacket.encodingLength(lean) <= limit) return dnsPacket.encode(lean)
  const answers = lean.answers ?? []
  let [fits, tooMany] = [0, answers.length]
  while (tooMany - fits > 1) {
    const mid = (fits + tooMany) >> 1
    if (dnsPacket.encodingLength({ ...lean, answers: answers.slice(0, mid) }) <= limit) fits = mid
    else tooMany = mid
  }
  const flags = (lean.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE
  return dnsPacket.encode({ ...lean, flags, answers: answers.slice(0, fits), authorities: [] })
}

/**
 * The response to `query`, or undefined when nothing should be sent (no header to answer, or not a query at all). A
 * zone not known yet (the first list of Endpoints not read) answers SERVFAIL, which resolvers do not cache.
 */
export function respond(query: Buffer, zone: DnsZone | undefined, options: RespondOptions): Buffer | undefined {
  if (query.length < HEADER_BYTES || !isQuery(query)) return undefined
  if (opcodeOf(query) !== 0) return headerOnly(query, 'NOTIMP')
  if (query.length > MAX_QUERY_BYTES || query.readUInt16BE(4) !== 1) return headerOnly(query, 'FORMERR')
  if (!zone) return headerOnly(query, 'SERVFAIL')
  try {
    return answered(dnsPacket.decode(query), query, zone, options)
  } catch {
    // dns-packet throws on what it cannot decode, and on decoded names it cannot encode again.
    return headerOnly(query, 'FORMERR')
  }
}

function answered(packet: DecodedPacket, query: Buffer, zone: DnsZone, options: RespondOptions): Buffer {
  const question = packet.questions?.[0]
  if (!question) return headerOnly(query, 'FORMERR')
  const edns = ednsPayload(packet)
  const answer: DnsAnswer = answerQuestion(zone, question, options.ttl)
  const opt = edns === undefined ? [] : [OPT]
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired(query) | RCODE[answer.rcode]
  const response: Packet = {
    type: 'response',
    id: packet.id,
    flags,
    questions: [question],
    answers: answer.answers,
    authorities: answer.authorities,
    additionals: [...answer.additionals, ...opt],
  }
  return fitted(response, sizeLimit(options.transport, edns))
}
