/** @module DNS over TCP (RFC 7766): length-prefixed messages, several per connection, with bounded connections, idle time and backlog. */
import { createServer, type Socket } from 'node:net'
import type { Log } from '../log.js'

export interface TcpListenerOptions {
  host: string
  port: number
  /** The reply to one message, or undefined to send none. */
  answer: (query: Buffer, source: string) => Buffer | undefined
  log: Log
}

/** A connection quiet this long is closed (RFC 7766 suggests seconds, not minutes). */
const IDLE_MS = 10_000
const MAX_CONNECTIONS = 256
/** A client that does not read its replies is cut off once this much waits to be sent to it. */
const MAX_UNSENT_BYTES = 1024 * 1024

function serveConnection(socket: Socket, options: TcpListenerOptions): void {
  let buffered = Buffer.alloc(0)
  socket.setTimeout(IDLE_MS, () => socket.destroy())
  socket.on('error', () => socket.destroy())
  socket.on('data', (chunk) => {
    // A frame is at most 2 + 65535 bytes, so the buffer never holds more than one frame and a chunk.
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0)
      if (buffered.length < 2 + length) break
      const reply = options.answer(buffered.subarray(2, 2 + length), socket.remoteAddress ?? '')
      buffered = buffered.subarray(2 + length)
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
  const connections = new Set<Socket>()
  const server = createServer((socket) => {
    connections.add(socket)
    socket.on('close', () => connections.delete(socket))
    serveConnection(socket, options)
  })
  server.maxConnections = MAX_CONNECTIONS
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
