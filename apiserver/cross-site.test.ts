// Issue 13 item 6: what a web page can send through a browser (no preflight, rebound DNS) never reaches the API.
import { request } from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { ALL_KINDS } from '../apis/index.js'
import { job, serveTestApp, type TestServer } from './test-fixture.js'

const API = '/apis/helios/v1'
let s: TestServer
afterEach(() => s.close())

interface Raw {
  status: number
  body: string
}

/** One request with exactly these headers (fetch would add or refuse some, e.g. Host). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  const url = new URL(s.url)
  // An empty Host means none at all (HTTP/1.0 style): node would otherwise add its own.
  const setHost = headers.host !== ''
  if (!setHost) delete headers.host
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, setHost }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function snapshot(): Promise<string> {
  return JSON.stringify(await Promise.all(ALL_KINDS.map((k) => s.store.list(k).then((l) => l.items))))
}

const JOB = JSON.stringify(job('evil:v1'))

describe('the open API against browsers', () => {
  test('a body of any type but JSON is 415: text/plain, forms, multipart, none at all', async () => {
    s = await serveTestApp({ crossSite: { allowedHosts: [] } })
    const before = await snapshot()
    for (const type of [
      'text/plain',
      'text/plain;charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/json',
      'application/jsonx',
      'application/json-seq',
      'application',
    ]) {
      const reply = await raw(
        'POST',
        `${API}/apply`,
        { 'content-type': type, 'content-length': String(JOB.length) },
        JOB,
      )
      expect(reply.status, type).toBe(415)
      expect(JSON.parse(reply.body)).toMatchObject({ reason: 'UnsupportedMediaType' })
    }
    const untyped = await raw('POST', `${API}/jobs`, { 'content-length': String(JOB.length) }, JOB)
    expect(untyped.status).toBe(415)
    const chunked = await raw(
      'POST',
      `${API}/jobs`,
      { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' },
      JOB,
    )
    expect(chunked.status).toBe(415)
    expect(await snapshot()).toBe(before)
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/merge-patch+json']) {
      const ok = await raw(
        'POST',
        `${API}/apply?dryRun=true`,
        { 'content-type': type, 'content-length': String(JOB.length) },
        JOB,
      )
      expect(ok.status, type).toBe(200)
    }
  })

  test('any Origin is refused unless allowed; a cross-site fetch without one too', async () => {
    s = await serveTestApp({ crossSite: { allowedHosts: [], allowedOrigins: ['https://ui.example.com'] } })
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1', 'https://ui.example.com.evil']) {
      const reply = await raw('GET', `${API}/jobs`, { origin })
      expect(reply.status, origin).toBe(403)
    }
    expect((await raw('GET', `${API}/jobs`, { origin: 'https://UI.example.com' })).status).toBe(200)
    expect((await raw('GET', `${API}/jobs`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await raw('GET', `${API}/jobs`, { 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  })

  test('a rebound DNS name is refused as Host; loopback names and allowed names are served', async () => {
    s = await serveTestApp({ crossSite: { allowedHosts: ['helios.internal'] } })
    const port = new URL(s.url).port
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example`,
      `0.0.0.0:${port}`,
      `10.0.0.1:${port}`,
      `[::ffff:7f00:1]:${port}`,
    ]) {
      const reply = await raw('POST', `${API}/jobs`, { host, 'content-type': 'application/json' }, JOB)
      expect(`${host} ${reply.status}`).toBe(`${host} 403`)
    }
    // No Host at all: node's HTTP/1.1 server answers 400 itself.
    expect((await raw('POST', `${API}/jobs`, { host: '', 'content-type': 'application/json' }, JOB)).status).toBe(400)
    for (const host of [`127.0.0.1:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.5.6.7', 'helios.internal']) {
      expect((await raw('GET', `${API}/jobs`, { host })).status, host).toBe(200)
    }
  })

  test('with tokens (allowedHosts unset) any Host name is served: the token protects the API', async () => {
    s = await serveTestApp({ crossSite: {} })
    expect((await raw('GET', `${API}/jobs`, { host: 'helios.example.com' })).status).toBe(200)
  })
})
