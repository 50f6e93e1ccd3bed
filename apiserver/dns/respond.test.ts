// Packet-level rules: never a throw on any input, truncation to the transport's size, opcodes other than QUERY.
import dnsPacket from 'dns-packet'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { respond } from './respond.js'
import { buildZone } from './zone.js'
import { ZONE } from './zone-fixture.js'

const udp = { ttl: 5, transport: 'udp' } as const
const tcp = { ttl: 5, transport: 'tcp' } as const
const srvQuery = dnsPacket.encode({ type: 'query', id: 3, questions: [{ name: '_web._http.helios', type: 'SRV' }] })

test('any bytes at all: a reply or nothing, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const reply = respond(Buffer.from(bytes), ZONE, udp)
      if (reply) expect(dnsPacket.decode(reply).type).toBe('response')
    }),
    { numRuns: 2000 },
  )
})

test('a valid header followed by anything: a reply or nothing, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 12, max: srvQuery.length }), (tail, cut) => {
      respond(Buffer.concat([srvQuery.subarray(0, cut), tail]), ZONE, udp)
    }),
    { numRuns: 2000 },
  )
})

test('an answer too big for UDP is truncated (TC) and complete over TCP', () => {
  const many = Array.from({ length: 100 }, (_, i) => ({
    service: 'web',
    protocol: 'http',
    host: `host-${i}`,
    address: `10.1.0.${i}`,
    port: 8000 + i,
    ready: true,
  }))
  const zone = buildZone(many, 'helios', (host) => many.find((e) => e.host === host)?.address)
  const overUdp = dnsPacket.decode(respond(srvQuery, zone, udp)!)
  expect(overUdp.flag_tc).toBe(true)
  expect(overUdp.answers!.length).toBeLessThan(100)
  expect(respond(srvQuery, zone, udp)!.length).toBeLessThanOrEqual(512)
  const overTcp = dnsPacket.decode(respond(srvQuery, zone, tcp)!)
  expect(overTcp.flag_tc).toBe(false)
  expect(overTcp.answers).toHaveLength(100)
  expect(overTcp.additionals).toHaveLength(100)
})

test('an answer that fits without its additionals drops them, not the answers', () => {
  const reply = dnsPacket.decode(respond(srvQuery, ZONE, udp)!)
  expect(reply.answers).toHaveLength(2)
  expect(reply.flag_tc).toBe(false)
})

test('opcodes other than QUERY are NOTIMP; two questions are FORMERR', () => {
  const notify = Buffer.from(srvQuery)
  notify.writeUInt16BE(4 << 11, 2)
  expect((dnsPacket.decode(respond(notify, ZONE, udp)!) as { rcode?: string }).rcode).toBe('NOTIMP')
  const two = dnsPacket.encode({
    type: 'query',
    questions: [
      { name: 'web.helios', type: 'A' },
      { name: 'h1.helios', type: 'A' },
    ],
  })
  expect((dnsPacket.decode(respond(two, ZONE, udp)!) as { rcode?: string }).rcode).toBe('FORMERR')
})

test('before the zone is known every query is SERVFAIL', () => {
  expect((dnsPacket.decode(respond(srvQuery, undefined, udp)!) as { rcode?: string }).rcode).toBe('SERVFAIL')
})
