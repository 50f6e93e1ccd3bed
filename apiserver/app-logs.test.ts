import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import type { AnyObject } from '../apis/index.js'
import { Authenticator } from './auth/authenticator.js'
import { host, requestAs, serveTestApp, type TestServer, task, until } from './test-fixture.js'

const LOG = '/apis/helios/v1/tasks/web@h1/log'

/** A stand-in agent: records each request and lets the test answer it. */
async function fakeAgent(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: Array<{ url: string; auth: string | undefined; closed: boolean }> = []
  const server: Server = createServer((req, res) => {
    const seen = { url: req.url ?? '', auth: req.headers.authorization, closed: false }
    requests.push(seen)
    res.once('close', () => {
      seen.closed = true
    })
    answer(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return { address, requests, close }
}

let s: TestServer | undefined
let agent: Awaited<ReturnType<typeof fakeAgent>> | undefined
afterEach(async () => {
  await agent?.close()
  await s?.close()
  agent = undefined
})

async function seed(opts: { address?: string; containerId?: string | null; state?: 'UP' | 'DOWN' } = {}) {
  const status = { state: opts.state ?? 'UP', lastHeartbeat: '2026-01-01T00:00:00.000Z', agentAddress: opts.address }
  await s?.store.create({ ...host('h1'), status } as AnyObject)
  const containerId = opts.containerId === undefined ? 'c0ffee' : opts.containerId
  const taskStatus =
    containerId === null ? undefined : { state: 'RUNNING', containerId, updatedAt: status.lastHeartbeat }
  await s?.store.create({ ...task('web', 'h1'), status: taskStatus } as AnyObject)
}

describe('GET /tasks/<name>/log', () => {
  test('streams the agent body through as text/plain, passing the query on', async () => {
    agent = await fakeAgent((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('one\ntwo\n'))
    s = await serveTestApp()
    await seed({ address: agent.address })
    const reply = await s.call('GET', `${LOG}?tailLines=2&timestamps=true`)
    expect(reply).toEqual({ status: 200, body: 'one\ntwo\n' })
    expect(agent.requests.map((r) => r.url)).toEqual(['/tasks/web%40h1/log?tailLines=2&timestamps=1'])
  })

  test('unknown task 404; bad query 400; no container yet 409; no endpoint or unregistered host 503', async () => {
    s = await serveTestApp()
    expect(await s.call('GET', LOG)).toMatchObject({ status: 404, body: { message: 'task "web@h1" not found' } })
    expect(await s.call('GET', `${LOG}?tailLines=-1`)).toMatchObject({ status: 400 })
    expect(await s.call('GET', `${LOG}?since=5`)).toMatchObject({ status: 400 })
    await s.store.create({ ...task('web', 'h1'), status: undefined } as AnyObject)
    expect(await s.call('GET', LOG)).toMatchObject({
      status: 409,
      body: { message: 'task "web@h1" has no container yet (no status yet); its logs appear once it has one' },
    })
    await s.close()
    s = await serveTestApp()
    await s.store.create({
      ...task('web', 'h1'),
      status: { state: 'RUNNING', containerId: 'c', updatedAt: 'x' },
    } as AnyObject)
    expect(await s.call('GET', LOG)).toMatchObject({
      status: 503,
      body: { reason: 'Unavailable', message: 'host "h1" of task "web@h1" is not registered' },
    })
    await s.store.create({ ...host('h1'), status: { state: 'UP', lastHeartbeat: 'x' } } as AnyObject)
    expect((await s.call('GET', LOG)).body.message).toMatch(/^host "h1" reports no log endpoint/)
  })

  test('an agent that does not answer: 503 naming the host and the address (and DOWN)', async () => {
    const gone = await fakeAgent(() => {})
    await gone.close()
    s = await serveTestApp()
    await seed({ address: gone.address, state: 'DOWN' })
    const reply = await s.call('GET', LOG)
    expect(reply.status).toBe(503)
    expect(reply.body.message).toBe(
      `cannot reach the agent of host "h1" at ${gone.address} (ECONNREFUSED); the host is DOWN (last heartbeat 2026-01-01T00:00:00.000Z)`,
    )
  })

  test("the agent's refusals: its 404 stays 404, its 503 is 503 naming the host", async () => {
    agent = await fakeAgent((req, res) => {
      const missing = req.url?.includes('tailLines')
      const body = missing
        ? { kind: 'Status', reason: 'NotFound', message: 'task "web@h1" has no container on host "h1"' }
        : { kind: 'Status', reason: 'Unavailable', message: 'docker engine is unreachable' }
      res.writeHead(missing ? 404 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    })
    s = await serveTestApp()
    await seed({ address: agent.address })
    expect(await s.call('GET', `${LOG}?tailLines=1`)).toMatchObject({
      status: 404,
      body: { message: 'task "web@h1" has no container on host "h1"' },
    })
    expect(await s.call('GET', LOG)).toMatchObject({
      status: 503,
      body: {
        message: `the agent of host "h1" at ${agent.address} could not serve the logs: docker engine is unreachable`,
      },
    })
  })

  test('follow: lines arrive as the agent writes them; the client going away ends the agent request', async () => {
    let write: (text: string) => void = () => {}
    agent = await fakeAgent((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('first\n')
      write = (text) => res.write(text)
    })
    s = await serveTestApp()
    await seed({ address: agent.address })
    const abort = new AbortController()
    const res = await fetch(`${s.url}${LOG}?follow=1`, { signal: abort.signal })
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const text = async () => new TextDecoder().decode((await reader.read()).value)
    expect(await text()).toBe('first\n')
    write('later\n')
    expect(await text()).toBe('later\n')
    expect(agent.requests[0]?.url).toBe('/tasks/web%40h1/log?follow=1')
    abort.abort()
    await until(() => agent?.requests[0]?.closed === true, 'the agent request to close')
  })

  test('an agent gone mid-stream breaks the client stream instead of ending it cleanly', async () => {
    agent = await fakeAgent((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('first\n', () => setTimeout(() => res.destroy(), 20))
    })
    s = await serveTestApp()
    await seed({ address: agent.address })
    const res = await fetch(`${s.url}${LOG}?follow=1`)
    await expect(res.text()).rejects.toThrow()
  })

  test("with auth: any role may read logs; the apiserver presents the host's agent tokens until one is accepted", async () => {
    agent = await fakeAgent((req, res) => {
      if (req.headers.authorization !== 'Bearer second-agent-token') res.writeHead(401).end('{}')
      else res.writeHead(200).end('secret line\n')
    })
    const authn = new Authenticator([{ token: 'viewer-token', user: 'bob', role: 'viewer' }])
    const agentTokens = (h: string) => (h === 'h1' ? ['first-agent-token', 'second-agent-token'] : [])
    s = await serveTestApp({ auth: authn, agentTokens })
    await seed({ address: agent.address })
    expect((await requestAs(s.url, undefined, 'GET', LOG)).status).toBe(401)
    expect(await requestAs(s.url, 'viewer-token', 'GET', LOG)).toEqual({ status: 200, body: 'secret line\n' })
    expect(agent.requests.map((r) => r.auth)).toEqual(['Bearer first-agent-token', 'Bearer second-agent-token'])
  })

  test('an agent refusing every token: 503 saying which token-file entry it accepts', async () => {
    agent = await fakeAgent((_req, res) => res.writeHead(401).end('{}'))
    s = await serveTestApp({ agentTokens: () => ['stale-token'] })
    await seed({ address: agent.address })
    expect((await s.call('GET', LOG)).body.message).toBe(
      `the agent of host "h1" at ${agent.address} refused the apiserver (401): it accepts the token of the --token-file entry with role agent and user "h1"`,
    )
  })
})
