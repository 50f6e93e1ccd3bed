/** @module HeliosClient: typed HTTP access to the apiserver; rebuilds ApiError from Status bodies. */
import {
  type AnyObject,
  API_PREFIX,
  ApiError,
  type ApplyResult,
  type Kind,
  type ListBody,
  type LogQuery,
  logQueryString,
  type ObjectOf,
  resourcePath,
  type StatusBody,
  type WatchEvent,
} from '../apis/index.js'
import { readLines } from './lines.js'
import { type HttpResponse, nodeTransport, type Transport } from './node-transport.js'
import { readNdjson } from './watch.js'

export interface ListOptions {
  labelSelector?: string
  fieldSelector?: string
}
/** Per-write options: the Job token (Helios' `--token`) sent as header `Helios-Token`. */
export interface WriteOptions {
  jobToken?: string
}
/** An object of an apply set, by kind and name. */
export interface PruneRef {
  kind: string
  name: string
}
/** What a prune deleted (or would, with dryRun) and what it left, with the reason. */
export interface PruneResult {
  deleted: PruneRef[]
  skipped: Array<PruneRef & { reason: string }>
}
/** `heliosctl logs`: aborting `signal` ends the lines quietly (Ctrl-C on a follow). */
export interface LogOptions extends Partial<LogQuery> {
  signal?: AbortSignal
}
export interface WatchOptions extends ListOptions {
  resourceVersion?: string
  signal?: AbortSignal
}

/** How to reach the apiserver besides its URL. */
export interface ClientOptions {
  /** Bearer token (the apiserver's `--token-file`). */
  token?: string
  /** PEM text of the CA(s) to trust for an https:// server instead of the system's (a cluster's certificateAuthority). */
  ca?: string
}

/** The apiserver as every other component sees it. */
export class HeliosClient {
  readonly server: string
  private readonly token: string | undefined
  private readonly transport: Transport

  constructor(server: string, opts: ClientOptions = {}) {
    this.server = server.replace(/\/+$/, '')
    this.token = opts.token
    this.transport = nodeTransport(opts.ca)
  }

  get<K extends Kind>(kind: K, name: string): Promise<ObjectOf<K>> {
    return this.request('GET', resourcePath(kind, name))
  }

  list<K extends Kind>(kind: K, opts: ListOptions = {}): Promise<ListBody<ObjectOf<K>>> {
    return this.request('GET', resourcePath(kind) + query({ ...opts }))
  }

  create<K extends Kind>(kind: K, obj: unknown, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.request('POST', resourcePath(kind), obj, opts)
  }

  /** Replaces spec, labels and annotations; compare-and-set when `metadata.resourceVersion` is set. */
  update<K extends Kind>(kind: K, obj: AnyObject, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.request('PUT', resourcePath(kind, obj.metadata.name), obj, opts)
  }

  /** Replaces only status; compare-and-set when `metadata.resourceVersion` is set. */
  updateStatus<K extends Kind>(kind: K, obj: AnyObject): Promise<ObjectOf<K>> {
    return this.request('PUT', resourcePath(kind, obj.metadata.name, 'status'), obj)
  }

  delete<K extends Kind>(kind: K, name: string, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.request('DELETE', resourcePath(kind, name), undefined, opts)
  }

  /** Server-side apply of one object: creates, updates or leaves it unchanged; `set` labels it with an apply set. */
  apply<T = AnyObject>(
    obj: unknown,
    opts: { dryRun?: boolean; set?: string } & WriteOptions = {},
  ): Promise<ApplyResult<T>> {
    const q = query({ set: opts.set, dryRun: opts.dryRun ? 'true' : undefined })
    return this.request('POST', `${API_PREFIX}/apply${q}`, obj, { jobToken: opts.jobToken })
  }

  /** Deletes the objects of apply set `set` that `keep` does not name (Deployments, Jobs, Hosts). */
  prune(set: string, keep: readonly PruneRef[], opts: { dryRun?: boolean } & WriteOptions = {}): Promise<PruneResult> {
    const path = `${API_PREFIX}/applysets/${encodeURIComponent(set)}/prune${opts.dryRun ? '?dryRun=true' : ''}`
    return this.request('POST', path, { keep }, { jobToken: opts.jobToken })
  }

  version(): Promise<{ version: string }> {
    return this.request('GET', '/version')
  }

  /** Streams watch events until the server ends the stream or `signal` aborts. */
  async *watch<K extends Kind>(kind: K, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<ObjectOf<K>>> {
    const q = query({ ...opts, watch: '1' })
    const res = await this.send('GET', resourcePath(kind) + q, undefined, opts.signal)
    yield* readNdjson<WatchEvent<ObjectOf<K>>>(res.body)
  }

  /**
   * The lines of a Task's container logs, through the apiserver from its host's agent; with `follow`, until
   * the container stops or `signal` aborts. A stream cut short (the agent went away) throws Unavailable.
   */
  async *logs(task: string, opts: LogOptions = {}): AsyncGenerator<string> {
    const path = resourcePath('Task', task, 'log') + logQueryString(opts)
    try {
      const res = await this.send('GET', path, undefined, opts.signal)
      yield* readLines(res.body)
    } catch (err) {
      if (opts.signal?.aborted) return
      if (err instanceof ApiError) throw err
      const why = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
      throw new ApiError('Unavailable', `the log stream of task "${task}" broke (${why})`, { cause: err })
    }
  }

  async request<T>(method: string, path: string, body?: unknown, opts: WriteOptions = {}): Promise<T> {
    const res = await this.send(method, path, body, undefined, opts)
    return (await res.json()) as T
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    opts: WriteOptions = {},
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (opts.jobToken) headers['helios-token'] = opts.jobToken
    if (this.token) headers.authorization = `Bearer ${this.token}`
    let res: HttpResponse
    try {
      res = await this.transport(this.server + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      })
    } catch (err) {
      if (signal?.aborted) throw err
      throw unreachable(this.server, err)
    }
    if (res.ok) return res
    const status = (await res.json().catch(() => ({}))) as Partial<StatusBody>
    throw ApiError.fromStatus(status, res.status)
  }
}

function query(params: { [key: string]: string | undefined | AbortSignal }): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'signal',
  )
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`
}

function unreachable(server: string, err: unknown): ApiError {
  const { code, message } = err as { code?: string; message?: string }
  const why = code ?? message ?? String(err)
  return new ApiError('Unavailable', `cannot reach apiserver at ${server} (${why})`, { cause: err })
}
