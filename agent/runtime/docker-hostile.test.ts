import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ContainerSpec } from './container-runtime.js'
import { DockerRuntime } from './docker-runtime.js'

type Answer = (req: IncomingMessage, res: ServerResponse) => void

const closers: Array<() => Promise<void>> = []
const uncaught: unknown[] = []
const recordUncaught = (err: unknown) => uncaught.push(err)
beforeEach(() => {
  uncaught.length = 0
  process.on('uncaughtException', recordUncaught)
})
afterEach(async () => {
  process.off('uncaughtException', recordUncaught)
  for (const close of closers.splice(0)) await close()
})

async function closing(server: Server, dir?: string): Promise<void> {
  closers.push(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
}

/** A Docker engine on a unix socket answering every request with `answer`; `paths` records what it was asked. */
async function fakeEngine(answer: Answer) {
  const dir = mkdtempSync(join(tmpdir(), 'helios-hostile-docker-'))
  const socketPath = join(dir, 'docker.sock')
  const paths: string[] = []
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`)
    answer(req, res)
  })
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  await closing(server, dir)
  return { runtime: new DockerRuntime({ socketPath, endpoint: `unix://${socketPath}` }), paths }
}

/** Where a followed redirect would land: it must never be asked anything. */
async function trap() {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await closing(server)
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }
}

const spec = (image: string): ContainerSpec => ({
  name: 'helios-x',
  Image: image,
  Env: [],
  Labels: {},
  ExposedPorts: {},
  Volumes: {},
  StopTimeout: 10,
  HostConfig: { Init: true, PortBindings: {}, Binds: [], SecurityOpt: [], CapAdd: [], CapDrop: [], Tmpfs: {} },
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

describe('DockerRuntime against a hostile or confused engine', () => {
  test('a redirect (relative or to another host) is never followed, and rejects as a RuntimeError', async () => {
    const elsewhere = await trap()
    for (const location of ['/y/json', `${elsewhere.url}/json`, 'http://images/json']) {
      const { runtime, paths } = await fakeEngine((_req, res) => res.writeHead(301, { location }).end())
      const redirected = { message: expect.stringContaining('the engine answered with a redirect, which the agent') }
      await expect(runtime.hasImage('nginx')).rejects.toMatchObject({ reason: 'Failed', ...redirected })
      await expect(runtime.inspect('helios-web')).rejects.toMatchObject({ reason: 'Failed', ...redirected })
      await expect(runtime.start('c0ffee')).rejects.toMatchObject({ name: 'RuntimeError', ...redirected })
      await expect(runtime.pull('nginx')).rejects.toMatchObject({ reason: 'ImageNotFound', ...redirected })
      await expect(runtime.listManaged('h1')).rejects.toMatchObject({ name: 'RuntimeError', ...redirected })
      await settle()
      expect(paths).toHaveLength(5)
    }
    expect(elsewhere.hits).toEqual([])
    expect(uncaught).toEqual([])
  })

  test('references outside the grammar never reach the engine: hasImage false, pull and create PullFailed', async () => {
    const { runtime, paths } = await fakeEngine((_req, res) => res.writeHead(301, { location: '/json' }).end())
    for (const ref of ['..', 'x/../../y', 'x@sha256:../../', '%2e%2e', 'X', 'x//y', 'x:tag@sha256:short', '']) {
      expect(await runtime.hasImage(ref)).toBe(false)
      await expect(runtime.pull(ref)).rejects.toMatchObject({
        reason: 'PullFailed',
        message: expect.stringMatching(/^not a Docker image reference: /),
      })
      await expect(runtime.create(spec(ref))).rejects.toMatchObject({ reason: 'PullFailed' })
    }
    for (const id of ['..', '.', '']) await expect(runtime.inspect(id)).rejects.toMatchObject({ reason: 'NotFound' })
    await settle()
    expect(paths).toEqual([])
    expect(uncaught).toEqual([])
  })

  test('references and names are one escaped path segment; a pull names the image and its tag or digest', async () => {
    const { runtime, paths } = await fakeEngine((req, res) => {
      if (req.url?.startsWith('/images/create')) res.writeHead(200).end('{"status":"done"}\n')
      else {
        const what = req.url?.startsWith('/containers/') ? 'container' : 'image'
        res.writeHead(404, { 'content-type': 'application/json' }).end(`{"message":"No such ${what}"}`)
      }
    })
    expect(await runtime.hasImage('registry:5000/team/app:v1')).toBe(false)
    await runtime.pull('registry:5000/team/app:v1')
    const digest = `sha256:${'e'.repeat(64)}`
    await runtime.pull(`app:v2@${digest}`)
    await runtime.pull('registry:5000/app')
    await expect(runtime.inspect('helios-web?x#y')).rejects.toMatchObject({ reason: 'NotFound' })
    expect(paths).toEqual([
      'GET /images/registry%3A5000%2Fteam%2Fapp%3Av1/json',
      'POST /images/create?fromImage=registry%3A5000%2Fteam%2Fapp&tag=v1',
      `POST /images/create?fromImage=app&tag=sha256%3A${'e'.repeat(64)}`,
      'POST /images/create?fromImage=registry%3A5000%2Fapp&tag=latest',
      'GET /containers/helios-web%3Fx%23y/json',
    ])
  })

  test('a pull stream with lines that are no JSON, then an error line: ImageNotFound with the engine text', async () => {
    const { runtime } = await fakeEngine((_req, res) => {
      res.writeHead(200)
      res.write('{"status":"Pulling from team/app"}\nthis is not json\n{"status":"half')
      res.end('-line"}\n{"errorDetail":{"message":"denied"},"error":"pull access denied for app"}\n')
    })
    await expect(runtime.pull('app')).rejects.toMatchObject({
      reason: 'ImageNotFound',
      message: 'pull access denied for app',
    })
    await settle()
    expect(uncaught).toEqual([])
  })

  test('a pull stream cut off mid-way, or a socket reset, rejects instead of throwing', async () => {
    const { runtime } = await fakeEngine((req, res) => {
      if (req.url?.startsWith('/images/create')) {
        res.writeHead(200)
        res.write('{"status":"Downloading"}\n', () => res.destroy())
      } else req.socket.destroy()
    })
    await runtime.pull('app').catch(() => {})
    await expect(runtime.hasImage('app')).rejects.toMatchObject({ name: 'RuntimeError' })
    await expect(runtime.info()).rejects.toMatchObject({ name: 'RuntimeError' })
    await settle()
    expect(uncaught).toEqual([])
  })
})
