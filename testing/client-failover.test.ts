// HeliosClient over two real apiservers sharing one store (an HA pair: both serve reads, writes and watches),
// one of which goes away, hangs, answers 503 or swallows the reply of a write that landed. The apiserver is
// real, because a fake would only re-implement our impression of its answers; hence this file lives here, where
// tests may import both client/ and apiserver/ (neither folder may import the other).
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { ApiError, isApiError, resourcePath } from '../apis/index.js'
import { MemoryStore } from '../apiserver/storage/memory-store.js'
import { host, serveTestApp, type TestServer } from '../apiserver/test-fixture.js'
import type { Clock } from '../client/clock.js'
import { type ClientOptions, HeliosClient } from '../client/http-client.js'

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Two apiservers on one store; `stop(a)` ends a listener as a killed process would. */
async function pair(): Promise<[TestServer, TestServer]> {
  const store = new MemoryStore()
  const a = await serveTestApp({ store })
  const b = await serveTestApp({ store })
  cleanups.push(
    () => b.close(),
    () => stop(a),
  )
  return [a, b]
}

function stop(s: { server: Server }): Promise<void> {
  s.server.closeAllConnections()
  return new Promise((resolve) => s.server.close(() => resolve()))
}

/** A server whose every request goes to `handler`; counts requests. */
async function fake(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: string[] = []
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => stop({ server }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server }
}

/** Hangs: accepts every request and never answers (a SIGSTOPped apiserver, a black-holed proxy). */
const hung = () => fake(() => {})

/** Forwards each request to `target`, lets it land there, then never answers (the reply lost on the way back). */
const swallowing = (target: string) =>
  fake((req, _res) => {
    const forward = request(`${target}${req.url}`, { method: req.method, headers: req.headers })
    req.pipe(forward)
    forward.on('response', (answer) => answer.resume())
  })

const refused = async () => {
  const gone = await fake(() => {})
  await stop(gone)
  return gone.url
}

const recordingClock = (): Clock & { sleeps: number[] } => {
  const sleeps: number[] = []
  return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) }
}

const client = (servers: string[], opts: ClientOptions = {}) =>
  new HeliosClient(servers, { requestTimeoutMs: 1_000, clock: recordingClock(), random: () => 0.5, ...opts })

const hostNamed = (name: string) => ({ ...host(name), kind: 'Host' as const })

describe('HeliosClient with two apiservers', () => {
  test('the first one goes away: reads and writes go on through the second, which becomes current', async () => {
    const [a, b] = await pair()
    const c = client([a.url, b.url])
    await c.create('Host', hostNamed('h1'))
    expect(c.server).toBe(a.url)
    await stop(a)
    expect((await c.get('Host', 'h1')).metadata.name).toBe('h1')
    expect(c.server).toBe(b.url)
    await c.create('Host', hostNamed('h2'))
    expect((await c.list('Host')).items.map((h) => h.metadata.name).sort()).toEqual(['h1', 'h2'])
  })

  test('a hung apiserver costs one request timeout, once; the rest go straight to the other', async () => {
    const [, b] = await pair()
    const stuck = await hung()
    const c = client([stuck.url, b.url])
    await c.create('Host', hostNamed('h1'))
    for (let i = 0; i < 5; i++) await c.get('Host', 'h1')
    expect(stuck.seen).toHaveLength(1)
    expect(c.server).toBe(b.url)
  })

  test('a refused connection never reached the server: even a POST that is sent once goes to the next', async () => {
    const [, b] = await pair()
    const c = client([await refused(), b.url])
    await c.request('POST', resourcePath('Host'), hostNamed('h1'))
    expect((await b.call('GET', resourcePath('Host', 'h1'))).status).toBe(200)
  })

  test('a create whose reply was lost is sent again: the second answer says AlreadyExists and why', async () => {
    const [a, b] = await pair()
    const lossy = await swallowing(a.url)
    const c = client([lossy.url, b.url])
    const err = await c.create('Host', hostNamed('h1')).catch((e) => e)
    expect(isApiError(err, 'AlreadyExists')).toBe(true)
    expect(err.message).toContain(`an earlier attempt at ${lossy.url} may have done it: no response within 1 s`)
    expect((await b.call('GET', resourcePath('Host'))).body.items).toHaveLength(1)
  })

  test('a compare-and-set write whose reply was lost: the second attempt is refused with Conflict, not applied twice', async () => {
    const [a, b] = await pair()
    const created = await client([a.url]).create('Host', hostNamed('h1'))
    const lossy = await swallowing(a.url)
    const c = client([lossy.url, b.url])
    const changed = { ...created, metadata: { ...created.metadata, labels: { zone: 'a' } } }
    const err = await c.update('Host', changed).catch((e) => e)
    expect(isApiError(err, 'Conflict')).toBe(true)
    expect(err.message).toContain('may have done it')
    expect((await b.call('GET', resourcePath('Host', 'h1'))).body.metadata.labels).toEqual({ zone: 'a' })
  })

  test('a POST that may have landed is not sent again: the error names the server, the other never sees it', async () => {
    const [a] = await pair()
    const lossy = await swallowing(a.url)
    const other = await fake((_req, res) => res.end('{}'))
    const c = client([lossy.url, other.url])
    const err = await c.request('POST', resourcePath('Host'), { kind: 'Host' }).then(
      () => undefined,
      (e: ApiError) => e,
    )
    expect(isApiError(err, 'Unavailable')).toBe(true)
    expect(err?.message).toBe(`cannot reach apiserver at ${lossy.url} (no response within 1 s)`)
    expect(other.seen).toEqual([])
  })

  test('a 503 moves to the next server; when all fail, the error names every server tried', async () => {
    const [, b] = await pair()
    const busy = await fake((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ kind: 'Status', code: 503, reason: 'Unavailable', message: 'zookeeper away' }))
    })
    expect((await client([busy.url, b.url]).version()).version).toBeTruthy()
    busy.seen.length = 0

    const gone = await refused()
    const clock = recordingClock()
    const err = await client([gone, busy.url], { clock, random: () => 0 })
      .list('Host')
      .catch((e) => e)
    expect(
      await client([busy.url])
        .list('Host')
        .catch((e) => e.message),
    ).toBe('zookeeper away')
    expect(isApiError(err, 'Unavailable')).toBe(true)
    expect(err.message).toBe(`zookeeper away (also tried ${gone} (ECONNREFUSED))`)
    expect(busy.seen).toHaveLength(3) // two passes of the list, a jittered backoff between them; one for a single server
    expect(clock.sleeps).toEqual([200])
  })

  test('nothing answers: "cannot reach apiserver at" every server with its reason; timed-out ones are not tried twice', async () => {
    const gone = await refused()
    const stuck = await hung()
    const err = await client([gone, stuck.url])
      .get('Host', 'h1')
      .catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.message).toBe(`cannot reach apiserver at ${gone} (ECONNREFUSED), ${stuck.url} (no response within 1 s)`)
    expect(stuck.seen).toHaveLength(1)
  })

  test('startAtRandom spreads clients over the list', async () => {
    const [a, b] = await pair()
    expect(client([a.url, b.url], { startAtRandom: true, random: () => 0.99 }).server).toBe(b.url)
    expect(client([a.url, b.url], { startAtRandom: true, random: () => 0 }).server).toBe(a.url)
  })
})

describe('watches over two apiservers', () => {
  test('a watch whose apiserver goes silent breaks after the idle limit, naming it; the next goes to the other', async () => {
    const [, b] = await pair()
    const silent = await fake((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders())
    const c = client([silent.url, b.url], { watchIdleTimeoutMs: 300 })
    const err = await (async () => {
      for await (const _ of c.watch('Host')) throw new Error('no event was sent')
    })().catch((e) => e)
    expect(isApiError(err, 'Unavailable')).toBe(true)
    expect(err.message).toBe(`the watch of hosts from ${silent.url} broke (no data within 0.3 s)`)
    expect(c.server).toBe(b.url)
  })

  test("a request to the watch's apiserver timing out ends the watch at once, not after its idle limit", async () => {
    const [, b] = await pair()
    // Serves the watch's headers, then hangs everything: the stream and every later request.
    const hanging = await fake((req, res) => {
      if (req.url?.includes('watch=1')) res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders()
    })
    const c = client([hanging.url, b.url], { watchIdleTimeoutMs: 600_000 })
    const watch = c.watch('Host')
    const ended = watch.next().catch((e: ApiError) => e)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await c.version()).toMatchObject({ version: expect.any(String) })
    const err = await ended
    expect(isApiError(err, 'Unavailable')).toBe(true)
    expect((err as ApiError).message).toBe(
      `the watch of hosts from ${hanging.url} broke (${hanging.url} failed another request)`,
    )
  })

  test('a 503 leaves the watches of that apiserver flowing (its watch cache outlives ZooKeeper)', async () => {
    const [a, b] = await pair()
    let busy = false
    const flaky = await fake((req, res) => {
      if (busy && !req.url?.includes('watch=1')) {
        res.writeHead(503, { 'content-type': 'application/json' })
        return void res.end(JSON.stringify({ kind: 'Status', code: 503, reason: 'Unavailable', message: 'zk away' }))
      }
      const forward = request(`${a.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers)
        answer.pipe(res)
      })
      req.pipe(forward)
    })
    const c = client([flaky.url, b.url])
    const watch = c.watch('Host')
    const first = watch.next()
    await new Promise((resolve) => setTimeout(resolve, 100))
    busy = true
    await c.version() // 503 from flaky, answered by b
    await b.call('POST', resourcePath('Host'), hostNamed('h1'))
    expect((await first).value?.object.metadata.name).toBe('h1')
    await watch.return(undefined)
  })

  test('a quiet but healthy watch lives on its BOOKMARKs beyond the idle limit', async () => {
    const server = await serveTestApp({ bookmarkIntervalMs: 100 })
    cleanups.push(() => server.close())
    const abort = new AbortController()
    const c = client([server.url], { watchIdleTimeoutMs: 1_000 })
    const types: string[] = []
    setTimeout(() => abort.abort(), 2_500)
    await (async () => {
      for await (const event of c.watch('Host', { signal: abort.signal })) types.push(event.type)
    })().catch((err) => {
      if (!abort.signal.aborted) throw err
    })
    expect(types.filter((t) => t === 'BOOKMARK').length).toBeGreaterThan(5)
  })

  test('a watch of an apiserver that goes away ends; the next watch is served by the other, from the same version', async () => {
    const [a, b] = await pair()
    const c = client([a.url, b.url])
    const list = await c.list('Host')
    const first = c.watch('Host', { resourceVersion: list.metadata.resourceVersion })
    const next = first.next()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await stop(a)
    await next.catch(() => undefined)
    await b.call('POST', resourcePath('Host'), hostNamed('h9'))
    const again = c.watch('Host', { resourceVersion: list.metadata.resourceVersion })
    expect((await again.next()).value?.object.metadata.name).toBe('h9')
    await again.return(undefined)
    expect(c.server).toBe(b.url)
  })
})
