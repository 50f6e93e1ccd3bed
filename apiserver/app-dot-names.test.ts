// A raw HTTP client may send `/hosts/%2E` (no URL parser folds it): the name reaches the route as ".", answered
// with a typed 404 for that name, never the list route's answer.
import { request } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { host, serveTestApp, type TestServer } from './test-fixture.js'

let s: TestServer
beforeAll(async () => {
  s = await serveTestApp()
  expect((await s.call('POST', '/apis/helios/v1/hosts', host('h1', {}))).status).toBe(201)
})
afterAll(() => s.close())

/** GET `path` exactly as written (fetch and node's URL parsing would fold %2E segments first). */
function rawGet(path: string): Promise<{ status: number; body: { kind?: string; reason?: string; message?: string } }> {
  const { hostname, port } = new URL(s.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: Number(port), path, method: 'GET' }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end()
  })
}

test.each([
  ['%2E', '.'],
  ['%2e%2E', '..'],
  ['.', '.'],
  ['%2F', '/'],
])('GET /hosts/%s is a 404 Status naming host %j, not the list', async (segment, name) => {
  const { status, body } = await rawGet(`/apis/helios/v1/hosts/${segment}`)
  expect(status).toBe(404)
  expect(body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: `host "${name}" not found` })
})
