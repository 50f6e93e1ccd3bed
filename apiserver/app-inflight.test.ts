// Plain requests whose clients never read (found in review): a list is written as it is read, and in-flight requests are capped.
import type { ServerResponse } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { job, serveTestApp, type TestServer } from './test-fixture.js'
import { openRawWatch, type RawWatch } from './testing/raw-watch.js'

const API = '/apis/helios/v1'
let s: TestServer
const clients: RawWatch[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await s.close()
})

/** ~8 MB of Jobs, in 200 objects of ~40 KB: more than loopback's kernel buffers take, so a non-reading client stays in flight. */
async function bigList(server: TestServer): Promise<void> {
  for (let i = 0; i < 200; i += 10) {
    const batch = Array.from({ length: 10 }, (_, k) =>
      server.call('POST', `${API}/jobs`, job(`big${i + k}:v1`, { env: { PAD: 'x'.repeat(40_000) } })),
    )
    for (const reply of await Promise.all(batch)) expect(reply.status).toBe(201)
  }
}

// 8 MB of writes takes seconds on a loaded machine: the default 5 s is not what these tests are about.
const SLOW_MACHINE_MS = 30_000

test(
  'a list whose client does not read holds about one chunk in the apiserver, not the whole list',
  async () => {
    s = await serveTestApp()
    await bigList(s)
    const responses: ServerResponse[] = []
    s.server.on('request', (_req, res: ServerResponse) => responses.push(res))
    for (let i = 0; i < 20; i++) clients.push(await openRawWatch(s.url, `${API}/jobs`))
    await new Promise((resolve) => setTimeout(resolve, 500))
    const held = responses.map((r) => r.writableLength)
    expect(held.length).toBe(20)
    // The kernel takes some; what node holds is at most a chunk or two beyond it, never the 2 MB list.
    expect(Math.max(...held)).toBeLessThan(300 * 1024)
    // A client that reads gets the whole list, well-formed.
    const reader = clients[0] as RawWatch
    reader.read()
    await reader.closed
    const body = reader.text().slice(reader.text().indexOf('\r\n\r\n') + 4)
    const json = JSON.parse(
      body
        .replace(/\r\n[0-9a-f]+\r\n/g, '')
        .replace(/^[0-9a-f]+\r\n/, '')
        .replace(/\r\n0\r\n\r\n$/, ''),
    )
    expect(json.items).toHaveLength(200)
  },
  SLOW_MACHINE_MS,
)

test(
  'requests in flight beyond the limit are 429 with Retry-After, per client and in all; they end and free their slot',
  async () => {
    s = await serveTestApp({ inflightLimits: { total: 8, perClient: 5 } })
    await bigList(s)
    for (let i = 0; i < 5; i++) clients.push(await openRawWatch(s.url, `${API}/jobs`))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const refused = await fetch(`${s.url}${API}/jobs/big1:v1`)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(((await refused.json()) as { reason: string }).reason).toBe('TooManyRequests')
    // Another client has slots of its own, until all eight are taken.
    for (let i = 0; i < 3; i++) clients.push(await openRawWatch(s.url, `${API}/jobs`, {}, '127.0.0.2'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const third = await openRawWatch(s.url, `${API}/jobs/big1:v1`, {}, '127.0.0.3')
    third.read()
    await third.closed
    expect(third.text()).toMatch(/^HTTP\/1\.1 429 /)
    // Watches are not counted here: they have limits of their own.
    const watch = await fetch(`${s.url}${API}/jobs?watch=1&resourceVersion=0`, {
      signal: AbortSignal.timeout(300),
    }).catch(() => undefined)
    expect(watch?.status).toBe(200)
    for (const c of clients.splice(0)) c.destroy()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await fetch(`${s.url}${API}/jobs/big1:v1`)).status).toBe(200)
  },
  SLOW_MACHINE_MS,
)
