// Real DNS packets over UDP and TCP to a running server, and hostile input: garbage, huge packets, a flood.
import { createSocket } from 'node:dgram'
import { connect } from 'node:net'
import dnsPacket, { type DecodedPacket, type Question } from 'dns-packet'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { silentLog } from '../log.js'
import { type DnsServer, startDnsServer } from './dns-server.js'
import type { RateLimitOptions } from './source-rate-limit.js'
import { ZONE } from './zone-fixture.js'

let server: DnsServer

const serve = (rateLimit: RateLimitOptions) =>
  startDnsServer({ host: '127.0.0.1', port: 0, zone: () => ZONE, ttl: 5, log: silentLog, rateLimit })

beforeAll(async () => {
  server = await serve({ perSecond: 100, burst: 200 })
})
afterAll(() => server.close())

const query = (question: Question, id = 7) =>
  dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [question] })

/** Sends raw bytes over UDP; resolves with the replies once `enough` arrived, or none came for `waitMs`. */
function udpExchange(packets: Buffer[], waitMs = 300, port = server.port, enough = Infinity): Promise<Buffer[]> {
  const socket = createSocket('udp4')
  const replies: Buffer[] = []
  return new Promise((resolve) => {
    let timer = setTimeout(done, waitMs)
    function done() {
      socket.close()
      resolve(replies)
    }
    socket.on('message', (reply) => {
      replies.push(reply)
      clearTimeout(timer)
      timer = setTimeout(done, replies.length >= enough ? 0 : waitMs)
    })
    for (const packet of packets) socket.send(packet, port, '127.0.0.1')
  })
}

async function udpAsk(question: Question): Promise<DecodedPacket> {
  const [reply] = await udpExchange([query(question)], 2000, server.port, 1)
  if (!reply) throw new Error('no reply')
  return dnsPacket.decode(reply)
}

/** Sends length-prefixed messages over one TCP connection; resolves with `expected` replies. */
function tcpAsk(messages: Buffer[], expected = messages.length): Promise<DecodedPacket[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1')
    let received = Buffer.alloc(0)
    const replies: DecodedPacket[] = []
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        replies.push(dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0))))
        received = received.subarray(2 + received.readUInt16BE(0))
      }
      if (replies.length === expected) {
        socket.end()
        resolve(replies)
      }
    })
    for (const m of messages) socket.write(Buffer.concat([Buffer.from([m.length >> 8, m.length & 0xff]), m]))
  })
}

const rcodeOf = (p: DecodedPacket) => (p as DecodedPacket & { rcode: string }).rcode

describe('over UDP', () => {
  test('SRV answer with the targets in the additional section, authoritative, no recursion offered', async () => {
    const reply = await udpAsk({ name: '_web._http.helios', type: 'SRV' })
    expect(reply).toMatchObject({ id: 7, type: 'response', flag_aa: true, flag_ra: false, flag_rd: true })
    expect(reply.answers?.map((a) => 'data' in a && a.data)).toEqual([
      { priority: 0, weight: 1, port: 8080, target: 'h1.hosts.helios' },
      { priority: 0, weight: 1, port: 8081, target: 'h2.hosts.helios' },
    ])
    expect(reply.additionals?.map((a) => 'data' in a && a.data)).toEqual(['10.0.0.1', '10.0.0.2'])
  })

  test('A, NXDOMAIN and REFUSED', async () => {
    expect((await udpAsk({ name: 'web.helios', type: 'A' })).answers).toMatchObject([
      { data: '10.0.0.1', ttl: 5 },
      { data: '10.0.0.2', ttl: 5 },
    ])
    expect(rcodeOf(await udpAsk({ name: 'nope.helios', type: 'A' }))).toBe('NXDOMAIN')
    expect(rcodeOf(await udpAsk({ name: 'example.com', type: 'A' }))).toBe('REFUSED')
  })

  test('an EDNS query gets an OPT record back', async () => {
    const withOpt = dnsPacket.encode({
      type: 'query',
      id: 9,
      questions: [{ name: 'web.helios', type: 'A' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 4096,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    })
    const [reply] = await udpExchange([withOpt])
    expect(dnsPacket.decode(reply!).additionals?.map((a) => a.type)).toEqual(['OPT'])
  })

  test('garbage gets FORMERR or nothing; the server keeps answering', async () => {
    const header = query({ name: 'web.helios', type: 'A' }).subarray(0, 12)
    const replies = await udpExchange([
      Buffer.from('hi'),
      Buffer.concat([header, Buffer.from([0xc0, 0xff, 0xff])]),
      Buffer.concat([header, Buffer.alloc(60_000, 0x3f)]),
    ])
    expect(replies.map((r) => rcodeOf(dnsPacket.decode(r)))).toEqual(['FORMERR', 'FORMERR'])
    expect(replies.every((r) => r.length === 12)).toBe(true)
    expect(rcodeOf(await udpAsk({ name: 'web.helios', type: 'A' }))).toBe('NOERROR')
  })

  test('responses are never taken for queries (no loops between servers)', async () => {
    const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'web.helios', type: 'A' }] })
    expect(await udpExchange([response], 200)).toEqual([])
  })
})

describe('over TCP', () => {
  test('several queries on one connection, each answered', async () => {
    const [srv, a] = await tcpAsk([
      query({ name: '_web._http.helios', type: 'SRV' }, 1),
      query({ name: 'h6.hosts.helios', type: 'AAAA' }, 2),
    ])
    expect(srv?.id).toBe(1)
    expect(srv?.answers).toHaveLength(2)
    expect(a).toMatchObject({ id: 2, answers: [{ type: 'AAAA', data: 'fd00::6' }] })
  })

  test('a message split across writes is put back together', async () => {
    const whole = query({ name: 'web.helios', type: 'A' })
    const framed = Buffer.concat([Buffer.from([0, whole.length]), whole])
    const reply = await new Promise<Buffer>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(framed.subarray(0, 5))
        setImmediate(() => socket.write(framed.subarray(5)))
      })
      socket.once('data', (chunk) => {
        socket.destroy()
        resolve(chunk)
      })
    })
    expect(dnsPacket.decode(reply.subarray(2)).answers).toHaveLength(2)
  })
})

describe('a flood from one source', () => {
  test('is answered up to its burst, then dropped', async () => {
    const limited = await serve({ perSecond: 1, burst: 50 })
    const flood = Array.from({ length: 600 }, (_, i) => query({ name: 'web.helios', type: 'A' }, i))
    const replies = await udpExchange(flood, 300, limited.port).finally(() => limited.close())
    expect(replies.length).toBeGreaterThan(0)
    expect(replies.length).toBeLessThanOrEqual(52)
  })
})
