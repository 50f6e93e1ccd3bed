/**
 * @module Gathers the ZooKeeper client's requests of one event-loop turn into one socket write. node-zookeeper-client
 * writes every packet with its own `socket.write` (one syscall each, Nagle off): with 10,000 Tasks that was the
 * apiserver's largest single cost (17% of its CPU in the fleet profile, BENCHMARKS.md). Corking the socket for
 * the rest of the turn sends the packets a drain or a burst of writes queues together; ZooKeeper reads them as the
 * same length-prefixed stream, in the same order.
 */
import { createRequire } from 'node:module'

interface ConnectionManagerLike {
  socket?: { writableCorked: number; cork(): void; uncork(): void; destroyed: boolean }
  onPacketQueueReadable(): void
}

let installed = false

/** Patches the client's connection manager once per process, before any client is created (each binds it then). */
export function coalesceZooKeeperPackets(): void {
  if (installed) return
  installed = true
  const require = createRequire(import.meta.url)
  const ConnectionManager = require('node-zookeeper-client/lib/ConnectionManager.js') as {
    prototype: ConnectionManagerLike
  }
  const send = ConnectionManager.prototype.onPacketQueueReadable
  ConnectionManager.prototype.onPacketQueueReadable = function (this: ConnectionManagerLike) {
    const socket = this.socket
    if (socket && !socket.destroyed && socket.writableCorked === 0) {
      socket.cork()
      process.nextTick(() => socket.uncork())
    }
    send.call(this)
  }
}
