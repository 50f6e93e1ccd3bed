import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { createLogServer } from './log-server.js'
import type { ContainerSpec } from './runtime/container-runtime.js'
import { HollowRuntime } from './runtime/hollow-runtime.js'
import { LABEL } from './runtime/labels.js'

const IMAGE = 'busybox:latest'

function spec(name: string, labels: Record<string, string>): ContainerSpec {
  return {
    name,
    Image: IMAGE,
    Env: [],
    Labels: labels,
    ExposedPorts: {},
    Volumes: {},
    StopTimeout: 1,
    HostConfig: { Init: true, PortBindings: {}, Binds: [], SecurityOpt: [], CapAdd: [], CapDrop: [], Tmpfs: {} },
  }
}

const managed = (task: string, host = 'h1', extra: Record<string, string> = {}) => ({
  [LABEL.managed]: 'true',
  [LABEL.host]: host,
  [LABEL.task]: task,
  ...extra,
})

let close: (() => Promise<void>) | undefined
afterEach(() => close?.())

async function serve(runtime: HollowRuntime, token?: string) {
  const server = createLogServer({ runtime, hostName: 'h1', token, log: () => {} })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  close = () => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return (path: string, init: RequestInit = {}) => fetch(url + path, init)
}

async function running(runtime: HollowRuntime, name: string, labels: Record<string, string>): Promise<string> {
  const id = await runtime.create(spec(name, labels))
  await runtime.start(id)
  return id
}

describe('the agent log endpoint', () => {
  test("serves the Task's main container: all lines, the last N, with timestamps", async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    const main = await running(runtime, 'helios-web-1', managed('web@h1'))
    const sidecar = await running(
      runtime,
      'helios-web-1-proxy',
      managed('web@h1', 'h1', { [LABEL.container]: 'proxy' }),
    )
    for (const line of ['one', 'two', 'three']) runtime.print(main, line)
    runtime.print(sidecar, 'not main')
    const get = await serve(runtime)
    const all = await get('/tasks/web%40h1/log')
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await all.text()).toBe('one\ntwo\nthree\n')
    expect(await (await get('/tasks/web%40h1/log?tailLines=1')).text()).toBe('three\n')
    expect(await (await get('/tasks/web%40h1/log?tailLines=0')).text()).toBe('')
    expect(await (await get('/tasks/web%40h1/log?tailLines=1&timestamps=1')).text()).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z three\n$/,
    )
  })

  test('the running container wins over an exited older one', async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    const old = await running(runtime, 'helios-web-old', managed('web@h1'))
    runtime.print(old, 'old')
    runtime.exit(old, 1)
    runtime.print(await running(runtime, 'helios-web-new', managed('web@h1')), 'new')
    const get = await serve(runtime)
    expect(await (await get('/tasks/web%40h1/log')).text()).toBe('new\n')
  })

  test('follow: later lines arrive; the client going away ends the follow', async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    const id = await running(runtime, 'helios-web-1', managed('web@h1'))
    runtime.print(id, 'before')
    const get = await serve(runtime)
    const abort = new AbortController()
    const res = await get('/tasks/web%40h1/log?follow=1', { signal: abort.signal })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const read = async () => new TextDecoder().decode((await reader.read()).value)
    expect(await read()).toBe('before\n')
    runtime.print(id, 'after')
    expect(await read()).toBe('after\n')
    abort.abort()
    runtime.exit(id, 0)
  })

  test("404 for a task without a container here and for other hosts' containers; 400 for a bad query", async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    await running(runtime, 'helios-web-h2', managed('web@h2', 'h2'))
    await running(runtime, 'unmanaged', { [LABEL.task]: 'web@h1', [LABEL.host]: 'h1' })
    const get = await serve(runtime)
    for (const task of ['web%40h1', 'web%40h2']) {
      const res = await get(`/tasks/${task}/log`)
      expect(res.status).toBe(404)
      expect(((await res.json()) as { message: string }).message).toBe(
        `task "${decodeURIComponent(task)}" has no container on host "h1"`,
      )
    }
    expect((await get('/tasks/web%40h1/log?follow=maybe')).status).toBe(400)
    expect((await get('/other')).status).toBe(404)
  })

  test('with a token: only requests bearing it are served (401 otherwise, before anything else)', async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    runtime.print(await running(runtime, 'helios-web-1', managed('web@h1')), 'secret')
    const get = await serve(runtime, 'agent-token-1')
    for (const authorization of [undefined, 'Bearer wrong', 'Bearer agent-token-10', 'agent-token-1']) {
      const res = await get('/tasks/web%40h1/log', { headers: authorization ? { authorization } : {} })
      expect(res.status).toBe(401)
      expect(await res.text()).not.toContain('secret')
    }
    expect((await get('/nothing', { headers: {} })).status).toBe(401)
    const ok = await get('/tasks/web%40h1/log', { headers: { authorization: 'Bearer agent-token-1' } })
    expect(await ok.text()).toBe('secret\n')
  })

  test('an engine that is down: 503', async () => {
    const runtime = new HollowRuntime({ images: [IMAGE] })
    await running(runtime, 'helios-web-1', managed('web@h1'))
    runtime.down = true
    const get = await serve(runtime)
    expect((await get('/tasks/web%40h1/log')).status).toBe(503)
  })
})
