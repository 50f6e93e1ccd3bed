/** @module DockerRuntime: ContainerRuntime over the Docker Engine API; the only file importing dockerode. */
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import Docker from 'dockerode'
import {
  CONTAINER_EVENT_ACTIONS,
  type ContainerEvent,
  type ContainerEventAction,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerState,
  type ContainerSummary,
  type LogOptions,
  type RuntimeInfo,
} from './container-runtime.js'
import { translateDockerError } from './docker-errors.js'
import { checkedImageRef, isImageRef } from './image-check.js'
import { managedFilters } from './labels.js'
import { mergedLines } from './log-lines.js'
import { pullOutcome } from './pull-progress.js'
import { isRuntimeError, RuntimeError } from './runtime-error.js'

export interface DockerRuntimeOptions {
  /** A unix socket path, or `host` + `port` for plain-HTTP TCP. */
  socketPath?: string
  host?: string
  port?: number
  /** How messages name the engine, e.g. `unix:///var/run/docker.sock`. */
  endpoint: string
  /** A pull slower than this fails with PullFailed (Helios' IMAGE_PULL_FAILED). */
  pullTimeoutMs?: number
}

refuseEngineRedirects()

export class DockerRuntime implements ContainerRuntime {
  readonly endpoint: string
  private readonly docker: Docker
  private readonly pullTimeoutMs: number

  constructor(opts: DockerRuntimeOptions) {
    this.endpoint = opts.endpoint
    this.pullTimeoutMs = opts.pullTimeoutMs ?? 10 * 60_000
    this.docker = opts.socketPath
      ? new Docker({ socketPath: opts.socketPath })
      : new Docker({ host: opts.host, port: opts.port, protocol: 'http' })
  }

  async listManaged(hostName: string, taskName?: string): Promise<ContainerSummary[]> {
    const filters = { label: managedFilters(hostName, taskName) }
    const list = await this.call('list containers', () => this.docker.listContainers({ all: true, filters }))
    // The list lacks exit codes and times; a container removed meanwhile is simply not there.
    const found = await Promise.all(list.map((c) => this.inspect(c.Id).catch(ignoreNotFound)))
    return found.filter((c): c is ContainerSummary => c !== undefined)
  }

  async inspect(idOrName: string): Promise<ContainerSummary> {
    const what = `inspect container ${/^[0-9a-f]{64}$/.test(idOrName) ? idOrName.slice(0, 12) : idOrName}`
    const info = await this.call(what, () => this.container(idOrName).inspect())
    const state = stateOf(info.State.Status)
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      image: info.Config.Image,
      labels: info.Config.Labels ?? {},
      state,
      exitCode: state === 'exited' ? info.State.ExitCode : undefined,
      startedAt: timeOf(info.State.StartedAt),
      finishedAt: timeOf(info.State.FinishedAt),
      error: info.State.Error || undefined,
    }
  }

  /** False for a reference outside Docker's grammar (no engine call): the pull that follows says why. */
  async hasImage(ref: string): Promise<boolean> {
    if (!isImageRef(ref)) return false
    try {
      await this.call(`inspect image ${ref}`, () => this.docker.getImage(segment(ref)).inspect())
      return true
    } catch (err) {
      if (isRuntimeError(err, 'NotFound') || isRuntimeError(err, 'ImageNotFound')) return false
      throw err
    }
  }

  async pull(ref: string): Promise<void> {
    const { name, tag, digest } = checkedImageRef(ref)
    // dockerode's pull() splits the reference by its own rules; this is the one the reference was checked by.
    const query = { fromImage: name, tag: digest ?? tag ?? 'latest' }
    const stream = (await this.call(`pull ${ref}`, () => this.docker.createImage(query), 'ImageNotFound')) as Readable
    const outcome = pullOutcome(stream).catch((err: unknown) => {
      throw this.translate(`pull ${ref}`, err, 'ImageNotFound')
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ;(stream as { destroy?: () => void }).destroy?.()
        reject(new RuntimeError('PullFailed', `pulling ${ref} timed out after ${this.pullTimeoutMs / 1000} s`))
      }, this.pullTimeoutMs)
    })
    try {
      await Promise.race([outcome, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  async create(spec: ContainerSpec): Promise<string> {
    checkedImageRef(spec.Image)
    const container = await this.call(`create container ${spec.name}`, () => this.docker.createContainer(spec))
    return container.id
  }

  async start(id: string): Promise<void> {
    await this.call(`start container ${id.slice(0, 12)}`, () => this.container(id).start().catch(notModified))
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    await this.call(`stop container ${id.slice(0, 12)}`, () =>
      this.container(id).stop({ t: timeoutSeconds }).catch(notModified),
    )
  }

  async remove(id: string): Promise<void> {
    await this.call(`remove container ${id.slice(0, 12)}`, () => this.container(id).remove({ v: true }))
  }

  async exec(id: string, cmd: string[], timeoutMs: number): Promise<number> {
    const what = `exec in container ${id.slice(0, 12)}`
    const container = this.container(id)
    const exec = await this.call(what, () => container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }))
    const stream = await this.call(what, () => exec.start({ hijack: true, stdin: false }))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy()
        reject(new RuntimeError('Failed', `${what}: ${cmd.join(' ')} did not finish within ${timeoutMs} ms`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      stream.on('end', done).on('close', done).on('error', done).resume()
    })
    const info = await this.call(what, () => exec.inspect())
    return info.ExitCode ?? -1
  }

  async events(
    hostName: string,
    onEvent: (event: ContainerEvent) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void> {
    if (signal.aborted) return
    const filters: Docker.GetEventsOptions['filters'] = {
      type: ['container'],
      event: [...CONTAINER_EVENT_ACTIONS],
      label: managedFilters(hostName),
    }
    const stream = (await this.call('watch events', () =>
      this.docker.getEvents({ filters }),
    )) as NodeJS.ReadableStream & {
      destroy(): void
    }
    onOpen?.()
    await new Promise<void>((resolve, reject) => {
      let buffered = ''
      const onAbort = () => stream.destroy()
      signal.addEventListener('abort', onAbort, { once: true })
      const finish = (err?: unknown) => {
        signal.removeEventListener('abort', onAbort)
        if (err && !signal.aborted) reject(this.translate('watch events', err))
        else resolve()
      }
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const event = parseEvent(buffered.slice(0, nl))
          buffered = buffered.slice(nl + 1)
          if (event) onEvent(event)
        }
      })
      stream.on('end', () => finish()).on('close', () => finish())
      stream.on('error', finish)
    })
  }

  async info(): Promise<RuntimeInfo> {
    const version = await this.call('version', () => this.docker.version())
    return { version: version.Version, apiVersion: version.ApiVersion }
  }

  async logs(id: string, opts: LogOptions): Promise<Readable> {
    const what = `read logs of container ${id.slice(0, 12)}`
    const query = {
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps,
      ...(opts.tailLines === undefined ? {} : { tail: opts.tailLines }),
      abortSignal: opts.signal,
    }
    // dockerode answers a stream with follow and the whole body as a Buffer without it.
    const raw: NodeJS.ReadableStream | Buffer = opts.follow
      ? await this.call(what, () => this.container(id).logs({ ...query, follow: true }))
      : await this.call(what, () => this.container(id).logs({ ...query, follow: false }))
    const stream = Buffer.isBuffer(raw) ? Readable.from([raw]) : (raw as Readable)
    // Containers run without a TTY, so the engine multiplexes stdout and stderr into frames.
    return mergedLines(
      stream,
      (input, stdout, stderr) =>
        this.docker.modem.demuxStream(input, stdout as NodeJS.WritableStream, stderr as NodeJS.WritableStream),
      opts.signal,
    )
  }

  private container(idOrName: string): Docker.Container {
    return this.docker.getContainer(segment(idOrName))
  }

  private async call<T>(what: string, fn: () => Promise<T>, notFound?: 'ImageNotFound'): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      throw this.translate(what, err, notFound)
    }
  }

  private translate(what: string, err: unknown, notFound?: 'ImageNotFound'): RuntimeError {
    return translateDockerError(err, { what, endpoint: this.endpoint, notFound })
  }
}

/**
 * docker-modem follows HTTP redirects by itself, and the request it sends for one has no 'error' listener: the
 * engine answers 301 to a path it cleans (`/images/x/../../y/json` → `/y/json`), the follow-up goes to a host
 * named after a path segment (`http://y/json`, over TCP), and its DNS failure is an uncaught exception that ends
 * the process. The Engine API never redirects on purpose, so no redirect is followed: the request fails instead.
 */
function refuseEngineRedirects(): void {
  const fromDockerode = createRequire(createRequire(import.meta.url).resolve('dockerode'))
  const modemHttp = fromDockerode('docker-modem/lib/http.js') as { maxRedirects?: number }
  modemHttp.maxRedirects = 0
}

/**
 * A container id or name, or an image reference, as one URL path segment. Escaping keeps "/", "?", "#" and
 * "%" inside it; "." and ".." (which escaping leaves alone, and the engine would clean away) are no object's name.
 */
function segment(value: string): string {
  if (value === '' || value === '.' || value === '..')
    throw new RuntimeError('NotFound', `${JSON.stringify(value)} names no container or image`)
  return encodeURIComponent(value)
}

function stateOf(status: string): ContainerState {
  if (status === 'created') return 'created'
  if (status === 'running' || status === 'paused' || status === 'restarting') return 'running'
  return 'exited'
}

// Docker reports never-set times as 0001-01-01T00:00:00Z.
function timeOf(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) && ms > 0 ? ms : undefined
}

function parseEvent(line: string): ContainerEvent | undefined {
  if (!line.trim()) return undefined
  try {
    const raw = JSON.parse(line) as {
      Action?: string
      id?: string
      Actor?: { ID?: string; Attributes?: Record<string, string> }
    }
    const action = raw.Action as ContainerEventAction
    const id = raw.Actor?.ID ?? raw.id
    if (!CONTAINER_EVENT_ACTIONS.includes(action) || !id) return undefined
    return { action, id, labels: raw.Actor?.Attributes ?? {} }
  } catch {
    return undefined
  }
}

// 304 answers "already started" / "already stopped": both methods are idempotent.
function notModified(err: unknown): undefined {
  if ((err as { statusCode?: number } | null)?.statusCode === 304) return undefined
  throw err
}

function ignoreNotFound(err: unknown): undefined {
  if (isRuntimeError(err, 'NotFound')) return undefined
  throw err
}
