// The TCP listener's limits: connections per source address, and the time a message may take to arrive.
import { connect, type Socket } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { silentLog } from '../log.js'
import { serveTcp, type TcpLimits } from './tcp-listener.js'

const LIMITS: TcpLimits = { idleMs: 10_000, frameDeadlineMs: 300, maxConnections: 256, maxPerSource: 3 }
const MESSAGE = Buffer.from([0, 3, 1, 2, 3])

let stop: (() => Promise<void>) | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await stop?.()
})

/** An echo server on a free port. */
async function listen(): Promise<number> {
  const { createServer } = await import('node:net')
  const probe = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => probe.once('listening', resolve))
  const port = (probe.address() as { port: number }).port
  await new Promise((resolve) => probe.close(resolve))
  const server = await serveTcp({ host: '127.0.0.1', port, answer: (query) => query, log: silentLog, limits: LIMITS })
  stop = server.close
  return port
}

/** Connects; resolves with the first reply, or 'closed' when the server closes the connection first. */
function exchange(port: number, send: (socket: Socket) => void): Promise<Buffer | 'closed'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => send(socket))
    sockets.push(socket)
    socket.once('data', resolve)
    socket.once('close', () => resolve('closed'))
    socket.on('error', () => {})
  })
}

test('one source gets maxPerSource connections at once; another is closed until one of them ends', async () => {
  const port = await listen()
  for (let i = 0; i < LIMITS.maxPerSource; i++) expect(await exchange(port, (s) => s.write(MESSAGE))).toEqual(MESSAGE)
  expect(await exchange(port, (s) => s.write(MESSAGE))).toBe('closed')
  const first = sockets[0] as Socket
  const closed = new Promise((resolve) => first.once('close', resolve))
  first.destroy()
  await closed
  await expect.poll(() => exchange(port, (s) => s.write(MESSAGE))).toEqual(MESSAGE)
})

test('a message trickling in a byte at a time is cut off at the frame deadline, though never idle', async () => {
  const port = await listen()
  const big = Buffer.concat([Buffer.from([0, 100]), Buffer.alloc(100)])
  let timer: NodeJS.Timeout | undefined
  const started = Date.now()
  const result = await exchange(port, (socket) => {
    let at = 0
    timer = setInterval(() => socket.write(big.subarray(at, ++at)), 20)
  })
  clearInterval(timer)
  expect(result).toBe('closed')
  expect(Date.now() - started).toBeLessThan(LIMITS.idleMs)
})

test('the deadline is per message: messages each in time are all answered', async () => {
  const port = await listen()
  const replies: Buffer[] = []
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    sockets.push(socket)
    socket.on('error', reject)
    socket.on('close', () => reject(new Error('closed')))
    socket.on('data', (chunk) => {
      replies.push(chunk)
      if (replies.length === 3) return resolve()
      // Each next message starts 200 ms after the reply, its halves 200 ms apart: 400 ms overall, each under 300.
      setTimeout(() => socket.write(MESSAGE.subarray(0, 2)), 200)
      setTimeout(() => socket.write(MESSAGE.subarray(2)), 400)
    })
    socket.write(MESSAGE)
  })
  expect(Buffer.concat(replies)).toEqual(Buffer.concat([MESSAGE, MESSAGE, MESSAGE]))
})
