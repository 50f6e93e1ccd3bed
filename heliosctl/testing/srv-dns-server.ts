/** @module Test helper: a tiny DNS server on UDP 127.0.0.1 answering SRV queries from a table (else NXDOMAIN). */
import { createSocket } from 'node:dgram'
import { Resolver } from 'node:dns/promises'
import type { AddressInfo } from 'node:net'

export interface SrvRecord {
  target: string
  port: number
  priority?: number
  weight?: number
}

export interface SrvDnsServer {
  /** A resolver that asks only this server. */
  resolver(): Resolver
  /** The names asked for, in order. */
  queries: string[]
  close(): Promise<void>
}

const SRV = 33

/** Serves `records` (SRV name → records); every other question is answered NXDOMAIN. */
export async function startSrvDnsServer(records: Record<string, SrvRecord[]>): Promise<SrvDnsServer> {
  const socket = createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (query, peer) => {
    const { name, end } = readName(query, 12)
    queries.push(name)
    const type = query.readUInt16BE(end)
    const answers = type === SRV ? (records[name] ?? []) : []
    socket.send(reply(query.subarray(0, end + 4), answers, records[name] === undefined), peer.port, peer.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address() as AddressInfo
  return {
    resolver() {
      const resolver = new Resolver({ timeout: 1000, tries: 1 })
      resolver.setServers([`127.0.0.1:${port}`])
      return resolver
    },
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  }
}

function readName(buf: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = []
  let at = start
  for (let len = buf[at] ?? 0; len > 0; len = buf[at] ?? 0) {
    labels.push(buf.toString('ascii', at + 1, at + 1 + len))
    at += 1 + len
  }
  return { name: labels.join('.'), end: at + 1 }
}

const encodeName = (name: string): Buffer =>
  Buffer.concat([
    ...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ])

// Header (id kept, QR + RD + RA, rcode), the question as asked, then one SRV answer per record (name: a pointer to it).
function reply(question: Buffer, answers: readonly SrvRecord[], nxdomain: boolean): Buffer {
  const header = Buffer.from(question.subarray(0, 12))
  header.writeUInt16BE(0x8180 | (nxdomain ? 3 : 0), 2)
  header.writeUInt16BE(1, 4)
  header.writeUInt16BE(answers.length, 6)
  header.writeUInt32BE(0, 8)
  const rrs = answers.map((r) => {
    const target = encodeName(r.target)
    const fixed = Buffer.alloc(18)
    fixed.writeUInt16BE(0xc00c, 0)
    fixed.writeUInt16BE(SRV, 2)
    fixed.writeUInt16BE(1, 4)
    fixed.writeUInt32BE(60, 6)
    fixed.writeUInt16BE(6 + target.length, 10)
    fixed.writeUInt16BE(r.priority ?? 10, 12)
    fixed.writeUInt16BE(r.weight ?? 10, 14)
    fixed.writeUInt16BE(r.port, 16)
    return Buffer.concat([fixed, target])
  })
  return Buffer.concat([header, question.subarray(12), ...rrs])
}
