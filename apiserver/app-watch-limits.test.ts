import { afterEach, describe, expect, test } from 'vitest'
import { Authenticator } from './auth/authenticator.js'
import { host, requestAs, serveTestApp, type TestServer, type WatchHandle } from './test-fixture.js'
import { eventually, metric, openRawWatch, type RawWatch } from './testing/raw-watch.js'

const API = '/apis/helios/v1'
const HOSTS = `${API}/hosts`
const KiB = 1024

let s: TestServer
const raws: RawWatch[] = []
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy()
  await s.close()
})

const metricsText = async () => (await s.call('GET', '/metrics')).body as string
const sample = async (series: string) => metric(await metricsText(), series)
const openWatches = () => sample('helios_apiserver_watches')

async function raw(path: string, headers?: Record<string, string>): Promise<RawWatch> {
  const w = await openRawWatch(s.url, path, headers)
  raws.push(w)
  return w
}

/** A Host carrying `bytes` of annotation, written straight into the store. */
const createBigHost = (name: string, bytes: number) =>
  s.store.create({ ...host(name), metadata: { name, labels: {}, annotations: { pad: 'x'.repeat(bytes) } } })

/** Opens a watch that the server answers (200, or a refusal); stops refused ones. */
async function watchUntilAdmitted(path: string): Promise<WatchHandle> {
  return eventually(async () => {
    const w = await s.watch(path)
    if (w.status === 200) return w
    w.stop()
    return undefined
  }, `a watch admitted at ${path}`)
}

describe('watches per client (--max-watches-per-client)', () => {
  test('one more is 429 TooManyRequests naming the flag; a closed watch frees its place (20 rounds)', async () => {
    s = await serveTestApp({ watchLimits: { perClient: 3 } })
    const open = [
      await s.watch(`${HOSTS}?watch=1`),
      await s.watch(`${API}/jobs?watch=true`),
      await s.watch(`${API}/tasks?watch=1&resourceVersion=0`),
    ]
    expect(open.map((w) => w.status)).toEqual([200, 200, 200])
    const refused = await s.call('GET', `${HOSTS}?watch=1`)
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests' })
    expect(refused.body.message).toMatch(/address 127\.0\.0\.1 has 3 watches open.*--max-watches-per-client/)
    expect(await sample('helios_apiserver_watch_refusals_total{reason="client-limit"}')).toBe(1)
    for (let round = 0; round < 20; round++) {
      open.shift()?.stop()
      open.push(await watchUntilAdmitted(`${HOSTS}?watch=1`))
      expect((await s.call('GET', `${HOSTS}?watch=1`)).status).toBe(429)
      expect(await openWatches()).toBe(3)
    }
  }, 30_000)

  test('spellings of the query and the path never open a stream beyond the cap', async () => {
    s = await serveTestApp({ watchLimits: { perClient: 2 } })
    await s.watch(`${HOSTS}?watch=1`)
    await s.watch(`${HOSTS}?watch=1`)
    const variants = [
      `${HOSTS}?watch=1`,
      `${HOSTS}?watch=true`,
      `${HOSTS}?watch=%31`,
      `${HOSTS}?%77atch=1`,
      `${HOSTS}?watch=1&watch=1`,
      `${HOSTS}?watch=1&watch=0`,
      `${HOSTS}?watch=True`,
      `${HOSTS}?watch=TRUE`,
      `${HOSTS}?watch=yes`,
      `${HOSTS}?watch[]=1`,
      `${HOSTS}?WATCH=1`,
      `${HOSTS}?Watch=1`,
      `${HOSTS}?watch=1&resourceVersion=0`,
      `${HOSTS}?watch=1&resourceVersion=1`,
      `${HOSTS}?watch=1&fieldSelector=metadata.name%3Dh1`,
      `${HOSTS}/?watch=1`,
      `${API}/HOSTS?watch=1`,
      `${API}/%68osts?watch=1`,
      '/APIS/HELIOS/V1/hosts?watch=1',
      `${API}/jobs?watch=1`,
      `${API}/events?watch=1`,
    ]
    for (const path of variants) {
      const res = await fetch(s.url + path, { signal: AbortSignal.timeout(5_000) })
      // A refusal, or a plain List: either way the body ends (a stream would hit the timeout above).
      const body = await res.text()
      if (res.status === 200) expect(JSON.parse(body), path).toMatchObject({ kind: 'List' })
      else expect([400, 404, 429], `${path} answered ${res.status}`).toContain(res.status)
      expect(await openWatches(), path).toBe(2)
    }
  })

  test('with tokens the client is the user: two tokens of one user share a cap, another user has their own', async () => {
    const auth = new Authenticator([
      { token: 'alice-token-1', user: 'alice', role: 'viewer' },
      { token: 'alice-token-2', user: 'alice', role: 'viewer' },
      { token: 'bob-token-1', user: 'bob', role: 'viewer' },
    ])
    s = await serveTestApp({ auth, watchLimits: { perClient: 2 } })
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
    const status = async (token: string) => {
      const res = await fetch(`${s.url}${HOSTS}?watch=1`, { headers: bearer(token) })
      if (res.status !== 200) await res.text()
      return res.status
    }
    expect(await status('alice-token-1')).toBe(200)
    expect(await status('alice-token-2')).toBe(200)
    expect(await status('alice-token-1')).toBe(429)
    expect(await status('alice-token-2')).toBe(429)
    expect(await status('bob-token-1')).toBe(200)
    expect(await status('bob-token-1')).toBe(200)
    const third = await requestAs(s.url, 'bob-token-1', 'GET', `${HOSTS}?watch=1`)
    expect(third.body).toMatchObject({ code: 429, message: expect.stringContaining('user "bob" has 2 watches open') })
    expect((await requestAs(s.url, undefined, 'GET', `${HOSTS}?watch=1`)).status).toBe(401)
  })
})

describe('slow consumers', () => {
  test('a client that does not read is cut off at its stream cap; a reading one gets every event', async () => {
    s = await serveTestApp({ watchLimits: { streamBytes: 256 * KiB } })
    const stalled = await raw(`${HOSTS}?watch=1`)
    const reader = await s.watch(`${HOSTS}?watch=1`)
    await eventually(async () => (await openWatches()) === 2, 'both watches open')
    let written = 0
    while ((await sample('helios_apiserver_watch_cutoffs_total{reason="stream"}')) < 1) {
      await createBigHost(`h${written++}`, 64 * KiB)
      if (written > 1000) throw new Error('the non-reading stream was never cut off')
    }
    await eventually(async () => (await openWatches()) === 1, 'the stalled watch closed')
    stalled.read()
    await stalled.closed
    expect(stalled.endedCleanly()).toBe(false)
    await eventually(async () => reader.events.length === written, `${written} events at the reader`)
    expect(reader.events.map((e) => e.object.metadata.name)).toEqual(Array.from({ length: written }, (_, i) => `h${i}`))
    expect(await sample('helios_apiserver_watch_cutoffs_total{reason="budget"}')).toBe(0)
    expect(await sample('helios_apiserver_watch_buffered_bytes')).toBeLessThan(256 * KiB)
  }, 30_000)

  test('over the budget of all streams, the ones holding the most are cut; a reader keeps its stream', async () => {
    const budget = 512 * KiB
    s = await serveTestApp({ watchLimits: { budgetBytes: budget } })
    const stalled = [await raw(`${HOSTS}?watch=1`), await raw(`${HOSTS}?watch=1`), await raw(`${HOSTS}?watch=1`)]
    const reader = await s.watch(`${HOSTS}?watch=1`)
    await eventually(async () => (await openWatches()) === 4, 'four watches open')
    let written = 0
    while ((await sample('helios_apiserver_watch_cutoffs_total{reason="budget"}')) < stalled.length) {
      await createBigHost(`h${written++}`, 64 * KiB)
      expect(await sample('helios_apiserver_watch_buffered_bytes')).toBeLessThanOrEqual(budget + 64 * KiB)
      if (written > 2000) throw new Error('the non-reading streams were never cut off')
    }
    await eventually(async () => reader.events.length === written, `${written} events at the reader`)
    expect(await openWatches()).toBe(1)
    expect(await sample('helios_apiserver_watch_cutoffs_total{reason="stream"}')).toBe(0)
    for (const w of stalled) {
      w.read()
      await w.closed
      expect(w.endedCleanly()).toBe(false)
    }
    // The reader's stream still works after the cut-offs.
    await createBigHost('after', 10)
    await eventually(async () => reader.events.at(-1)?.object.metadata.name === 'after', 'the reader sees one more')
  }, 30_000)
})
