import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { coalesceZooKeeperPackets } from './zk-packet-coalescing.js'

const require = createRequire(import.meta.url)
const ConnectionManager = require('node-zookeeper-client/lib/ConnectionManager.js')
const GET_DATA = 4

/** A socket that records whether each write happened while it was corked. */
function recordingSocket() {
  const socket = {
    destroyed: false,
    writableCorked: 0,
    corks: 0,
    writes: [] as Array<{ corked: boolean }>,
    cork() {
      socket.corks++
      socket.writableCorked++
    },
    uncork() {
      socket.writableCorked = Math.max(0, socket.writableCorked - 1)
    },
    write() {
      socket.writes.push({ corked: socket.writableCorked > 0 })
      return true
    },
  }
  return socket
}

const packet = () => ({
  request: { header: { type: GET_DATA, xid: 0 }, toBuffer: () => Buffer.alloc(16) },
})

describe('coalesceZooKeeperPackets', () => {
  it('sends the packets of one turn while the socket is corked, and uncorks it on the next tick', async () => {
    coalesceZooKeeperPackets()
    coalesceZooKeeperPackets() // twice is once
    const manager = new ConnectionManager(
      '127.0.0.1:1',
      { sessionTimeout: 30_000, spinDelay: 1000, retries: 0 },
      () => {},
    )
    const socket = recordingSocket()
    manager.socket = socket
    manager.state = ConnectionManager.STATES.CONNECTED
    for (let i = 0; i < 50; i++) manager.packetQueue.push(packet())
    expect(socket.writes).toHaveLength(50)
    expect(socket.writes.every((w) => w.corked)).toBe(true)
    expect(socket.corks).toBe(1)
    await new Promise((resolve) => process.nextTick(resolve))
    expect(socket.writableCorked).toBe(0)
    // The next turn corks again: nothing waits for a later burst.
    manager.packetQueue.push(packet())
    expect(socket.corks).toBe(2)
    expect(manager.pendingQueue).toHaveLength(51)
  })

  it('leaves a destroyed socket alone (the client reconnects on its own)', () => {
    const manager = new ConnectionManager(
      '127.0.0.1:1',
      { sessionTimeout: 30_000, spinDelay: 1000, retries: 0 },
      () => {},
    )
    const socket = { ...recordingSocket(), destroyed: true }
    manager.socket = socket
    manager.state = ConnectionManager.STATES.CONNECTED
    manager.packetQueue.push(packet())
    expect(socket.corks).toBe(0)
  })
})
