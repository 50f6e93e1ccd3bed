// Issue 13 item 6 against the real open apiserver (loopback, no tokens, as `npm run solo` runs it): what a web page
// can make a browser send — a form or text/plain POST, a rebound DNS name, a foreign Origin — changes nothing.
import { request } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ApiserverHandle, startApiserver, startZooKeeper, TEST_IMAGE, type ZooKeeperHandle } from '../harness.js'

const API = '/apis/helios/v1'
let zk: ZooKeeperHandle
let apiserver: ApiserverHandle

beforeAll(async () => {
  zk = await startZooKeeper()
  apiserver = await startApiserver({ zk: zk.connect, extraArgs: ['--no-controllers'] })
})
afterAll(async () => {
  await apiserver?.stop()
  await zk?.stop()
})

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: apiserver.port, method, path, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const hostile = JSON.stringify({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'csrf:v1' },
  spec: { image: TEST_IMAGE },
})

test('a page’s no-preflight POSTs, rebound Host names and foreign Origins are refused; nothing is stored', async () => {
  const length = String(hostile.length)
  const attempts: Array<[string, Record<string, string>, number]> = [
    ['text/plain', { 'content-type': 'text/plain', 'content-length': length }, 415],
    ['form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': length }, 415],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=b', 'content-length': length }, 415],
    ['no type', { 'content-length': length }, 415],
    ['origin', { 'content-type': 'application/json', origin: 'https://evil.example' }, 403],
    ['null origin', { 'content-type': 'application/json', origin: 'null' }, 403],
    ['rebound', { 'content-type': 'application/json', host: `evil.example:${apiserver.port}` }, 403],
  ]
  for (const [what, headers, status] of attempts) {
    expect(await send('POST', `${API}/apply`, headers, hostile), what).toBe(status)
  }
  const list = (await (await fetch(`${apiserver.url}${API}/jobs`)).json()) as { items: unknown[] }
  expect(list.items).toEqual([])
  // heliosctl's own requests (JSON, a loopback Host, no Origin) are served.
  expect(
    await send('POST', `${API}/apply`, { 'content-type': 'application/json', 'content-length': length }, hostile),
  ).toBe(200)
})
