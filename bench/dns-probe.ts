/** @module A DNS client for benchmarks: how many SRV records a name has at a server, asked over UDP (dns-packet). */
import { createSocket } from 'node:dgram'
import dnsPacket from 'dns-packet'

export interface DnsAddress {
  host: string
  port: number
}

/** `HOST:PORT` as `HELIOS_DNS` gives it. */
export function parseDnsAddress(value: string): DnsAddress | undefined {
  const m = /^(.+):(\d+)$/.exec(value)
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) } : undefined
}

/** The number of SRV records of `name` (0 for NXDOMAIN or none); rejects when nothing answers within `timeoutMs`. */
export function srvCount(at: DnsAddress, name: string, timeoutMs = 1000): Promise<number> {
  const socket = createSocket(at.host.includes(':') ? 'udp6' : 'udp4')
  const id = Math.floor(Math.random() * 65536)
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no DNS answer from ${at.host}:${at.port}`)), timeoutMs)
    socket.on('message', (reply) => {
      const packet = dnsPacket.decode(reply)
      if (packet.id !== id) return
      clearTimeout(timer)
      resolve(packet.answers?.filter((a) => a.type === 'SRV').length ?? 0)
    })
    socket.on('error', reject)
    socket.send(dnsPacket.encode({ type: 'query', id, questions: [{ name, type: 'SRV' }] }), at.port, at.host)
  }).finally(() => socket.close())
}

/** Asks every `everyMs` until `ok(count)`; resolves with the time it first held (process.hrtime). */
export async function pollSrv(at: DnsAddress, name: string, ok: (count: number) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (ok(await srvCount(at, name))) return process.hrtime.bigint()
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name} at ${at.host}:${at.port}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
