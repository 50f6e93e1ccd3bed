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

const rcode = (reply: Buffer | undefined) => (dnsPacket.decode(reply!) as { rcode?: string }).rcode

/** A query whose name is these raw labels (dns-packet would split a label holding a '.'). */
function rawQuery(labels: string[], type = 33): Buffer {
  const header = Buffer.from([0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])
  const name = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ])
  return Buffer.concat([header, name, Buffer.from([0, type, 0, 1])])
}

test("a label holding a '.' is REFUSED, not answered as the dotted name", () => {
  expect(rcode(respond(rawQuery(['_web._http', 'helios']), ZONE, udp))).toBe('REFUSED')
  expect(rcode(respond(rawQuery(['_web', '_http.helios']), ZONE, udp))).toBe('REFUSED')
  const plain = dnsPacket.decode(respond(rawQuery(['_web', '_http', 'helios']), ZONE, udp)!)
  expect(plain.answers).toHaveLength(2)
})

const ednsQuery = (...opts: { ednsVersion: number }[]) =>
  dnsPacket.encode({
    type: 'query',
    id: 4,
    questions: [{ name: 'web.helios', type: 'A' }],
    additionals: opts.map(({ ednsVersion }) => ({
      type: 'OPT',
      name: '.',
      udpPayloadSize: 1232,
      extendedRcode: 0,
      ednsVersion,
      flag_do: false,
      flags: 0,
      options: [],
    })),
  })

test('EDNS: version above 0 is BADVERS (extended rcode 16) without answers; two OPTs are FORMERR', () => {
  const badvers = dnsPacket.decode(respond(ednsQuery({ ednsVersion: 1 }), ZONE, udp)!) as DecodedRcode
  expect(badvers.rcode).toBe('NOERROR')
  expect(badvers.answers).toEqual([])
  expect(badvers.additionals).toMatchObject([{ type: 'OPT', extendedRcode: 1, ednsVersion: 0 }])
  const v0 = dnsPacket.decode(respond(ednsQuery({ ednsVersion: 0 }), ZONE, udp)!)
  expect(v0.answers).toHaveLength(2)
  expect(v0.additionals).toMatchObject([{ type: 'OPT', extendedRcode: 0 }])
  expect(rcode(respond(ednsQuery({ ednsVersion: 0 }, { ednsVersion: 0 }), ZONE, udp))).toBe('FORMERR')
})

type DecodedRcode = ReturnType<typeof dnsPacket.decode> & { rcode?: string }

test('zone transfers (AXFR, IXFR) are REFUSED, not an empty zone', () => {
  for (const type of ['AXFR', 'IXFR'] as const) {
    const query = dnsPacket.encode({ type: 'query', id: 5, questions: [{ name: 'helios', type }] })
    expect(rcode(respond(query, ZONE, tcp))).toBe('REFUSED')
  }
})
