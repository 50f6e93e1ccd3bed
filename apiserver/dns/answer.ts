/** @module The answer to one DNS question from a DnsZone (pure): records, or NXDOMAIN inside the zone, REFUSED outside. */
import { isIPv4, isIPv6 } from 'node:net'
import type { Answer, Question } from 'dns-packet'
import { type DnsZone, inZone, zoneKey } from './zone.js'

export type ResponseCode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED'

export interface DnsAnswer {
  rcode: ResponseCode
  answers: Answer[]
  authorities: Answer[]
  additionals: Answer[]
}

const REFUSED: DnsAnswer = { rcode: 'REFUSED', answers: [], authorities: [], additionals: [] }
/** Zone transfers are not offered: an empty answer would read as an empty zone. */
const ZONE_TRANSFERS: readonly string[] = ['AXFR', 'IXFR']

function addressRecords(zone: DnsZone, name: string, key: string, type: 'A' | 'AAAA', ttl: number): Answer[] {
  const family = type === 'A' ? isIPv4 : isIPv6
  const list = (zone.addresses.get(key) ?? []).filter((address) => family(address))
  return list.map((data) => ({ type, name, ttl, class: 'IN', data }))
}

function srvRecords(zone: DnsZone, name: string, key: string, ttl: number): Answer[] {
  const targets = zone.srv.get(key) ?? []
  return targets.map(({ port, target }) => ({
    type: 'SRV',
    name,
    ttl,
    class: 'IN',
    data: { priority: 0, weight: 1, port, target },
  }))
}

// The SOA in the authority section of a negative answer lets resolvers cache "no such name" for the TTL, no longer.
function soa(apex: string, ttl: number): Answer {
  return {
    type: 'SOA',
    name: apex,
    ttl,
    class: 'IN',
    data: {
      mname: `ns.${apex}`,
      rname: `hostmaster.${apex}`,
      serial: 1,
      refresh: ttl,
      retry: ttl,
      expire: ttl,
      minimum: ttl,
    },
  }
}

function records(zone: DnsZone, question: Question, key: string, ttl: number): Answer[] {
  const { name } = question
  // dns-packet's types leave out the query-only type ANY (255), which it decodes as 'ANY'.
  const type = question.type as Question['type'] | 'ANY'
  switch (type) {
    case 'A':
    case 'AAAA':
      return addressRecords(zone, name, key, type, ttl)
    case 'SRV':
      return srvRecords(zone, name, key, ttl)
    case 'SOA':
      return key === zone.apex ? [soa(name, ttl)] : []
    case 'ANY':
      return [
        ...srvRecords(zone, name, key, ttl),
        ...(['A', 'AAAA'] as const).flatMap((t) => addressRecords(zone, name, key, t, ttl)),
      ]
    default:
      return []
  }
}

/** SRV targets' addresses, for the additional section (they spare the client a second query). */
function targetAddresses(zone: DnsZone, answers: Answer[], ttl: number): Answer[] {
  const targets = new Set(answers.flatMap((a) => (a.type === 'SRV' ? [a.data.target] : [])))
  return [...targets].flatMap((t) => [
    ...addressRecords(zone, t, t, 'A', ttl),
    ...addressRecords(zone, t, t, 'AAAA', ttl),
  ])
}

/** Answers `question` (class IN, or ANY) with records `ttl` seconds long; names in the zone (the dns-domain) only. */
export function answerQuestion(zone: DnsZone, question: Question, ttl: number): DnsAnswer {
  if (question.class !== undefined && question.class !== 'IN' && question.class !== 'ANY') return REFUSED
  if (ZONE_TRANSFERS.includes(question.type)) return REFUSED
  const key = zoneKey(question.name)
  if (!inZone(zone, key)) return REFUSED
  const { apex } = zone
  if (!zone.names.has(key)) return { rcode: 'NXDOMAIN', answers: [], authorities: [soa(apex, ttl)], additionals: [] }
  const answers = records(zone, question, key, ttl)
  if (answers.length === 0) return { rcode: 'NOERROR', answers, authorities: [soa(apex, ttl)], additionals: [] }
  return { rcode: 'NOERROR', answers, authorities: [], additionals: targetAddresses(zone, answers, ttl) }
}
