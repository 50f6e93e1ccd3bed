/** @module Test helper: a tiny DNS server on UDP 127.0.0.1 answering SRV queries from a table (else NXDOMAIN). */
import { createSocket } from 'node:dgram'
import { Resolver } from 'node:dns/promises'
import type { AddressInfo } from 'node:net'
import dnsPacket from 'dns-packet'

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

const NXDOMAIN = 3

/** Serves `records` (SRV name → records); every other question is answered NXDOMAIN. */
export async function startSrvDnsServer(records: Record<string, SrvRecord[]>): Promise<SrvDnsServer> {
  const socket = createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (message, peer) => {
    const query = dnsPacket.decode(message)
    const question = query.questions?.[0]
    if (!question) return
    queries.push(question.name)
    const known = records[question.name]
    const answers = question.type === 'SRV' ? (known ?? []) : []
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : NXDOMAIN),
      questions: [question],
      answers: answers.map((r) => ({
        type: 'SRV' as const,
        name: question.name,
        ttl: 60,
        data: { target: r.target, port: r.port, priority: r.priority ?? 10, weight: r.weight ?? 10 },
      })),
    })
    socket.send(reply, peer.port, peer.address)
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
