/** @module HeliosClient: typed HTTP access to the apiserver; rebuilds ApiError from Status bodies. */
import {
  type AnyObject,
  API_PREFIX,
  ApiError,
  type ApplyResult,
  KINDS,
  type Kind,
  type ListBody,
  type LogQuery,
  logQueryString,
  type MasterList,
  type ObjectOf,
  resourcePath,
  type WatchEvent,
} from '../apis/index.js'
import type { BackoffPolicy } from './backoff.js'
import { type Clock, realClock } from './clock.js'
import { namesItsObject, resendableMethod, transportFailure } from './failover.js'
import { type Attempt, FailoverSender } from './failover-sender.js'
import { readLines } from './lines.js'
import { nodeTransport, type Transport } from './node-transport.js'
import { objectPath } from './object-path.js'
import { splitServers } from './server-list.js'
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
  /** Longest wait for a response's headers, and longest silence within its body (default 30 s). */
  requestTimeoutMs?: number
  /**
   * Longest silence on a watch stream before it counts as broken (default 60 s): the apiserver sends a BOOKMARK on
   * an idle watch every 15 s (`--watch-bookmark-seconds`), so a longer silence means it hangs.
   */
  watchIdleTimeoutMs?: number
  /** Start at a random server of the list instead of the first: agents of a fleet spread over the apiservers. */
  startAtRandom?: boolean
  /**
   * Passes over the server list per request, the later ones only to servers that failed fast, with a jittered
   * backoff between passes (default: 2 for a list, 1 for a single server, whose callers back off themselves).
   */
  passes?: number
  /** The wait between passes (default 250 ms, doubling up to 2 s, jittered). */
  backoff?: BackoffPolicy
  /** Time for the wait between passes (tests pass a fake one). */
  clock?: Clock
  random?: () => number
  transport?: Transport
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
export const DEFAULT_WATCH_IDLE_TIMEOUT_MS = 60_000

/**
 * The apiserver as every other component sees it. Given several (`http://a:5801,http://b:5801`), requests go to
 * the current one; a server that is unreachable, silent or answers 503 makes the next one current, and the
 * request is sent there if failover.ts's rule allows. Watches reconnect (the caller's relist) to the current one.
 */
export class HeliosClient {
  readonly servers: readonly string[]
  private readonly sender: FailoverSender
  private readonly token: string | undefined
  private readonly requestTimeoutMs: number
  private readonly watchIdleTimeoutMs: number

  constructor(server: string | readonly string[], opts: ClientOptions = {}) {
    this.servers = splitServers(server)
    const random = opts.random ?? Math.random
    this.token = opts.token
    this.requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    this.watchIdleTimeoutMs = opts.watchIdleTimeoutMs ?? DEFAULT_WATCH_IDLE_TIMEOUT_MS
    this.sender = new FailoverSender({
      servers: this.servers,
      start: opts.startAtRandom ? Math.floor(random() * this.servers.length) : 0,
      transport: opts.transport ?? nodeTransport(opts.ca),
      requestTimeoutMs: this.requestTimeoutMs,
      passes: Math.max(1, opts.passes ?? (this.servers.length > 1 ? 2 : 1)),
      backoff: opts.backoff ?? { initialMs: 250, maxMs: 2_000 },
      clock: opts.clock ?? realClock,
      random,
    })
  }

  /** The server requests go to first now. */
  get server(): string {
    return this.sender.current
  }

  async get<K extends Kind>(kind: K, name: string): Promise<ObjectOf<K>> {
    return this.request('GET', objectPath(kind, name))
  }

  list<K extends Kind>(kind: K, opts: ListOptions = {}): Promise<ListBody<ObjectOf<K>>> {
    return this.request('GET', resourcePath(kind) + query({ ...opts }))
  }

  /** Sent again elsewhere after a failure only if it names its object (a second landing answers AlreadyExists). */
  create<K extends Kind>(kind: K, obj: unknown, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.call('POST', resourcePath(kind), obj, namesItsObject(obj), opts)
  }

  /** Replaces spec, labels and annotations; compare-and-set when `metadata.resourceVersion` is set. */
  async update<K extends Kind>(kind: K, obj: AnyObject, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.request('PUT', objectPath(kind, obj.metadata.name), obj, opts)
  }

  /**
   * Replaces only status; compare-and-set when `metadata.resourceVersion` is set. `event` (Task only): the apiserver
   * stores the new state's TaskState Event in the same transaction (`?event=true`), one request instead of two.
   */
  async updateStatus<K extends Kind>(kind: K, obj: AnyObject, opts: { event?: boolean } = {}): Promise<ObjectOf<K>> {
    const path = objectPath(kind, obj.metadata.name, 'status')
    return this.request('PUT', opts.event ? `${path}?event=true` : path, obj)
  }

  async delete<K extends Kind>(kind: K, name: string, opts: WriteOptions = {}): Promise<ObjectOf<K>> {
    return this.request('DELETE', objectPath(kind, name), undefined, opts)
  }

  /** Server-side apply of one object: creates, updates or leaves it unchanged; `set` labels it with an apply set. */
  apply<T = AnyObject>(
    obj: unknown,
    opts: { dryRun?: boolean; set?: string } & WriteOptions = {},
  ): Promise<ApplyResult<T>> {
    const q = query({ set: opts.set, dryRun: opts.dryRun ? 'true' : undefined })
    const path = `${API_PREFIX}/apply${q}`
    return this.call('POST', path, obj, true, { jobToken: opts.jobToken })
  }

  /** Deletes the objects of apply set `set` that `keep` does not name (Deployments, Jobs, Hosts). */
  prune(set: string, keep: readonly PruneRef[], opts: { dryRun?: boolean } & WriteOptions = {}): Promise<PruneResult> {
    const path = `${API_PREFIX}/applysets/${encodeURIComponent(set)}/prune${opts.dryRun ? '?dryRun=true' : ''}`
    return this.call('POST', path, { keep }, true, { jobToken: opts.jobToken })
  }

  version(): Promise<{ version: string }> {
    return this.request('GET', '/version')
  }

  /** The apiservers sharing this cluster's store, whether up or not (`GET /masters`). */
  masters(): Promise<MasterList> {
    return this.request('GET', '/masters')
  }

  /**
   * Streams watch events until the server ends the stream or `signal` aborts. A stream that breaks, stays silent
   * beyond `watchIdleTimeoutMs`, or whose server failed another request of this client, throws Unavailable naming
   * its server; the next server is current by then.
   */
  async *watch<K extends Kind>(kind: K, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<ObjectOf<K>>> {
    const q = query({ ...opts, watch: '1' })
    const path = resourcePath(kind) + q
    const { res, server } = await this.sender.send(this.read(path, opts.signal), this.watchIdleTimeoutMs)
    const untrack = this.sender.track(server, res)
    try {
      yield* readNdjson<WatchEvent<ObjectOf<K>>>(res.body)
    } catch (err) {
      if (opts.signal?.aborted || err instanceof SyntaxError) throw err
      this.sender.failed(server)
      const why = transportFailure(server, err).why
      throw new ApiError('Unavailable', `the watch of ${KINDS[kind].plural} from ${server} broke (${why})`, {
        cause: err,
      })
    } finally {
      untrack()
    }
  }

  /**
   * The lines of a Task's container logs, through the apiserver from its host's agent; with `follow`, until
   * the container stops or `signal` aborts. A stream cut short (the agent went away) throws Unavailable.
   */
  async *logs(task: string, opts: LogOptions = {}): AsyncGenerator<string> {
    const path = objectPath('Task', task, 'log') + logQueryString(opts)
    // A followed log of a quiet container is silent for as long as it likes.
    const idle = opts.follow ? 0 : this.requestTimeoutMs
    try {
      const { res } = await this.sender.send(this.read(path, opts.signal), idle)
      yield* readLines(res.body)
    } catch (err) {
      if (opts.signal?.aborted) return
      if (err instanceof ApiError) throw err
      const why =
        (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
      throw new ApiError('Unavailable', `the log stream of task "${task}" broke (${why})`, { cause: err })
    }
  }

  /** Any request; sent again elsewhere after a failure only for GET, HEAD, PUT and DELETE (failover.ts). */
  async request<T>(method: string, path: string, body?: unknown, opts: WriteOptions = {}): Promise<T> {
    return this.call(method, path, body, resendableMethod(method), opts)
  }

  private async call<T>(method: string, path: string, body: unknown, resendable: boolean, opts: WriteOptions = {}) {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (opts.jobToken) headers['helios-token'] = opts.jobToken
    if (this.token) headers.authorization = `Bearer ${this.token}`
    return (await this.sender.sendForJson({ method, path, body, resendable, headers })) as T
  }

  private read(path: string, signal: AbortSignal | undefined): Attempt {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.token) headers.authorization = `Bearer ${this.token}`
    return { method: 'GET', path, resendable: true, signal, headers }
  }
}

function query(params: { [key: string]: string | undefined | AbortSignal }): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'signal',
  )
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`
}
