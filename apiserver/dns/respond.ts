/** @module One DNS query packet → its response packet (pure): malformed or oversized input gets FORMERR or nothing, never a throw. */
import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet'
import { answerQuestion, type DnsAnswer } from './answer.js'
import { questionHasDottedLabel } from './dotted-label.js'
import { BADVERS_EXTENDED_RCODE, MAX_EDNS_UDP_BYTES, optRecord, queryEdns } from './edns.js'
import type { DnsZone } from './zone.js'

const HEADER_BYTES = 12
/** No honest query is longer (one question, one OPT); longer ones are answered FORMERR without being decoded. */
export const MAX_QUERY_BYTES = 4096
/** RFC 1035's UDP limit without EDNS. */
const CLASSIC_UDP_BYTES = 512
const MAX_TCP_BYTES = 65535

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

/** BADVERS: its header rcode bits are 0, the rest goes in the OPT (edns.ts). */
const BADVERS: DnsAnswer = { rcode: 'NOERROR', answers: [], authorities: [], additionals: [] }

function answered(packet: DecodedPacket, query: Buffer, zone: DnsZone, options: RespondOptions): Buffer {
  const question = packet.questions?.[0]
  const edns = queryEdns(packet)
  if (!question || edns.kind === 'formerr') return headerOnly(query, 'FORMERR')
  // Echoing the question would send back another name than the one asked: no answer can be right.
  if (questionHasDottedLabel(query)) return headerOnly(query, 'REFUSED')
  const badVersion = edns.kind === 'badvers'
  const answer = badVersion ? BADVERS : answerQuestion(zone, question, options.ttl)
  const opt = edns.kind === 'none' ? [] : [optRecord(badVersion ? BADVERS_EXTENDED_RCODE : 0)]
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
  return fitted(response, sizeLimit(options.transport, edns.kind === 'ok' ? edns.udpPayloadSize : undefined))
}
