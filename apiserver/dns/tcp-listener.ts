/** @module DNS over TCP (RFC 7766): length-prefixed messages, several per connection, with bounded connections, time and backlog. */
import { createServer, type Socket } from 'node:net'
import type { Log } from '../log.js'
import { FrameReader } from './tcp-frames.js'

export interface TcpLimits {
  /** A connection quiet this long is closed (RFC 7766 suggests seconds, not minutes). */
  idleMs: number
  /** A message must arrive whole this long after its first byte, so a byte now and then cannot hold a connection. */
  frameDeadlineMs: number
  maxConnections: number
  /** Connections from one address at once, so one client cannot take all of maxConnections. */
  maxPerSource: number
}

export const DEFAULT_TCP_LIMITS: TcpLimits = {
  idleMs: 10_000,
  frameDeadlineMs: 5_000,
  maxConnections: 256,
  maxPerSource: 16,
}

export interface TcpListenerOptions {
  host: string
  port: number
  /** The reply to one message, or undefined to send none. */
  answer: (query: Buffer, source: string) => Buffer | undefined
  log: Log
  limits?: TcpLimits | undefined
}

/** A client that does not read its replies is cut off once this much waits to be sent to it. */
const MAX_UNSENT_BYTES = 1024 * 1024

function serveConnection(socket: Socket, source: string, options: TcpListenerOptions, limits: TcpLimits): void {
  const reader = new FrameReader()
  let deadline: NodeJS.Timeout | undefined
  socket.setTimeout(limits.idleMs, () => socket.destroy())
  socket.on('error', () => socket.destroy())
  socket.on('close', () => clearTimeout(deadline))
  socket.on('data', (chunk) => {
    const messages = reader.push(chunk)
    if (messages.length > 0) {
      clearTimeout(deadline)
      deadline = undefined
    }
    if (reader.partial) deadline ??= setTimeout(() => socket.destroy(), limits.frameDeadlineMs)
    for (const message of messages) {
      const reply = options.answer(message, source)
      if (!reply) continue
      const prefix = Buffer.alloc(2)
      prefix.writeUInt16BE(reply.length)
      socket.write(Buffer.concat([prefix, reply]))
      if (socket.writableLength > MAX_UNSENT_BYTES) return void socket.destroy()
    }
  })
}

/** Listens on host:port (the UDP socket's port); resolves once listening. */
export function serveTcp(options: TcpListenerOptions): Promise<{ close(): Promise<void> }> {
  const limits = options.limits ?? DEFAULT_TCP_LIMITS
  const connections = new Set<Socket>()
  const perSource = new Map<string, number>()
  const server = createServer((socket) => {
    const source = socket.remoteAddress ?? ''
    const count = perSource.get(source) ?? 0
    if (count >= limits.maxPerSource) return void socket.destroy()
    perSource.set(source, count + 1)
    connections.add(socket)
    socket.on('close', () => {
      connections.delete(socket)
      const left = (perSource.get(source) ?? 1) - 1
      if (left > 0) perSource.set(source, left)
      else perSource.delete(source)
    })
    serveConnection(socket, source, options, limits)
  })
  server.maxConnections = limits.maxConnections
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      server.on('error', (error) => options.log('warn', 'DNS TCP server error; serving on', { error }))
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            for (const socket of connections) socket.destroy()
          }),
      })
    })
  })
}
