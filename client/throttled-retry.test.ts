// A 429 from the apiserver's request limits was refused before anything was done: the client waits its Retry-After.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { API_VERSION } from '../apis/index.js'
import type { Clock } from './clock.js'
import { HeliosClient } from './http-client.js'

let server: Server | undefined
afterEach(async () => {
  const open = server
  if (!open) return
  open.closeAllConnections()
  await new Promise((resolve) => open.close(resolve))
})

/** Answers 429 (with `retryAfter`) `refusals` times, then 201 to each POST it counts. */
async function throttling(refusals: number, retryAfter: string | undefined) {
  const seen = { posts: 0 }
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      seen.posts++
      if (seen.posts <= refusals) {
        const status = { kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'too many requests in flight' }
        res.writeHead(429, { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': retryAfter } : {}) })
        res.end(JSON.stringify(status))
      } else {
        const job = { apiVersion: API_VERSION, kind: 'Job', metadata: { name: 'web:v1' }, spec: { image: 'nginx' } }
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(job))
      }
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const sleeps: number[] = []
const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) }
const job = { apiVersion: API_VERSION, kind: 'Job', metadata: { name: 'web:v1' }, spec: { image: 'nginx' } }

test('a create refused with 429 goes again after its Retry-After (jittered), and succeeds once admitted', async () => {
  sleeps.length = 0
  const { url, seen } = await throttling(2, '3')
  const created = await new HeliosClient(url, { clock, random: () => 0.5 }).create('Job', job)
  expect(created.metadata.name).toBe('web:v1')
  expect(seen.posts).toBe(3)
  expect(sleeps).toEqual([3300, 3300])
})

test('without a usable Retry-After a second is waited, a huge one is cut to 10 s, and five refusals in a row are the error', async () => {
  for (const [header, ms] of [
    [undefined, 1000],
    ['soon', 1000],
    ['86400', 10_000],
  ] as const) {
    sleeps.length = 0
    const { url, seen } = await throttling(100, header)
    const err = await new HeliosClient(url, { clock, random: () => 0 }).create('Job', job).catch((e) => e)
    expect(err).toMatchObject({ code: 'TooManyRequests' })
    expect(seen.posts).toBe(6)
    expect(sleeps).toEqual([ms, ms, ms, ms, ms])
    const open = server
    open?.closeAllConnections()
    await new Promise((resolve) => open?.close(resolve))
    server = undefined
  }
})
