/** @module The built-in DNS server: UDP and TCP on one address and port, answering from a zone getter, rate-limited per source. */
import { createSocket, type Socket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import type { Log } from '../log.js'
import { respond } from './respond.js'
import { type RateLimitOptions, SourceRateLimit } from './source-rate-limit.js'
import { serveTcp } from './tcp-listener.js'
import type { DnsZone } from './zone.js'

export interface DnsServerOptions {
  host: string
  /** 0 picks a free port (the same for UDP and TCP). */
  port: number
  /** The zone as of now; called once per query, so it must be cheap (the watch cache's, rebuilt on change). */
  zone: () => DnsZone | undefined
  ttl: number
  log: Log
  /** Per source address, over UDP and TCP together; undefined serves everyone without limit. */
  rateLimit?: RateLimitOptions | undefined
}

export interface DnsServer {
  port: number
  close(): Promise<void>
}

/** Replies waiting for the kernel beyond this are dropped, so a flood cannot grow memory through unsent replies. */
const MAX_PENDING_UDP_REPLIES = 1000

function bindUdp(socket: Socket, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(port, host, () => {
      socket.off('error', reject)
      resolve(socket.address().port)
    })
  })
}

/** Starts serving; rejects when either socket cannot be bound (e.g. port 53 without the capability). */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  // Port 0 lets the kernel pick a free UDP port, which TCP may hold elsewhere: pick again rather than fail.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options)
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      if (options.port !== 0 || !taken || attempt >= 10) throw error
    }
  }
}

async function startOn(options: DnsServerOptions): Promise<DnsServer> {
  const { log, ttl } = options
  const limit = options.rateLimit ? new SourceRateLimit(options.rateLimit) : undefined
  const allowed = (source: string) => limit?.allow(source) ?? true
  const udp = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' })
  let pending = 0
  udp.on('message', (query, from) => {
    if (!allowed(from.address) || pending >= MAX_PENDING_UDP_REPLIES) return
    const reply = respond(query, options.zone(), { ttl, transport: 'udp' })
    if (!reply) return
    pending++
    udp.send(reply, from.port, from.address, () => pending--)
  })
  const port = await bindUdp(udp, options.host, options.port)
  udp.on('error', (error) => log('warn', 'DNS UDP socket error; serving on', { error }))
  const tcp = await serveTcp({
    host: options.host,
    port,
    answer: (query, source) =>
      allowed(source) ? respond(query, options.zone(), { ttl, transport: 'tcp' }) : undefined,
    log,
  }).catch((error: unknown) => {
    udp.close()
    throw error
  })
  return {
    port,
    close: async () => {
      await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), tcp.close()])
    },
  }
}
