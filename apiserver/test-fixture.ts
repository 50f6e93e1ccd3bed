/** @module Test fixture: createApp on a MemoryStore at an ephemeral port, with fetch helpers for JSON and watch streams. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AppOptions, createApp } from './app.js'
import { MemoryStore } from './storage/memory-store.js'
import type { Store } from './storage/store.js'

export interface Reply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON
  body: any
}

export interface WatchHandle {
  status: number
  contentType: string | null
  // biome-ignore lint/suspicious/noExplicitAny: watch lines are arbitrary JSON
  events: any[]
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  stop(): void
}

export interface TestServer {
  url: string
  store: Store
  /** The listening server (tests may watch its 'request' events). */
  server: Server
  call(method: string, path: string, body?: unknown): Promise<Reply>
  watch(path: string): Promise<WatchHandle>
  close(): Promise<void>
}

export async function serveTestApp(opts: Partial<AppOptions> = {}): Promise<TestServer> {
  const store = opts.store ?? new MemoryStore()
  const server = createApp({ ...opts, store }).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const watches: AbortController[] = []

  async function call(method: string, path: string, body?: unknown): Promise<Reply> {
    const init: RequestInit = { method }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      init.headers = { 'content-type': 'application/json' }
    }
    const res = await fetch(url + path, init)
    const text = await res.text()
    const isJson = res.headers.get('content-type')?.includes('json')
    return { status: res.status, body: isJson && text ? JSON.parse(text) : text }
  }

  async function watch(path: string): Promise<WatchHandle> {
    const abort = new AbortController()
    watches.push(abort)
    const res = await fetch(url + path, { signal: abort.signal })
    // biome-ignore lint/suspicious/noExplicitAny: see WatchHandle
    const events: any[] = []
    const ended = (async () => {
      const decoder = new TextDecoder()
      let buffered = ''
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffered += decoder.decode(chunk, { stream: true })
          const lines = buffered.split('\n')
          buffered = lines.pop() ?? ''
          for (const line of lines) if (line) events.push(JSON.parse(line))
        }
      } catch {
        // aborted by stop()
      }
    })()
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      events,
      ended,
      stop: () => abort.abort(),
    }
  }

  async function close(): Promise<void> {
    for (const abort of watches) abort.abort()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await store.close()
  }

  return { url, store, server, call, watch, close }
}

/** Polls until `predicate` holds (5 s at most). */
export async function until(predicate: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export const job = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name },
  spec: { image: 'nginx:1.7.1', ...spec },
})

export const deployment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'helios/v1',
  kind: 'Deployment',
  metadata: { name },
  spec,
})

export const host = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name, labels },
  spec: {},
})

export const task = (deploymentName: string, hostName: string, jobName = 'nginx:v1') => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `${deploymentName}@${hostName}` },
  spec: {
    host: hostName,
    deployment: deploymentName,
    job: jobName,
    jobId: `${jobName}:abc`,
    jobSpec: { image: 'nginx' },
    goal: 'START',
  },
})

/** Sends one request to `url + path` as the holder of `token` (none: anonymous); JSON bodies are parsed. */
export async function requestAs(url: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Status and object bodies
  const parsed: any = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  return { status: res.status, body: parsed }
}
