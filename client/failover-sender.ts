/** @module FailoverSender: sends one request to the current apiserver and, as failover.ts's rule allows, to the others. */
import { ApiError, type StatusBody } from '../apis/index.js'
import { Backoff, type BackoffPolicy } from './backoff.js'
import type { Clock } from './clock.js'
import { afterAmbiguous, type Failure, failedEverywhere, ServerRing, transportFailure } from './failover.js'
import { type HttpResponse, type Transport, TransportError } from './node-transport.js'

/** One request as the failover loop sends it. */
export interface Attempt {
  method: string
  path: string
  body?: unknown
  /** May be sent again after an attempt that may have reached a server (failover.ts's rule). */
  resendable: boolean
  signal?: AbortSignal
  headers: Record<string, string>
}

export interface SenderOptions {
  servers: readonly string[]
  start: number
  transport: Transport
  /** Deadline for a response's headers. */
  requestTimeoutMs: number
  /** Passes over the list per request; later passes only retry servers that failed fast. */
  passes: number
  backoff: BackoffPolicy
  clock: Clock
  random: () => number
}

export class FailoverSender {
  private readonly ring: ServerRing
  /** Open streams (watches) per server. */
  private readonly streams = new Map<string, Set<HttpResponse>>()

  constructor(private readonly o: SenderOptions) {
    this.ring = new ServerRing(o.servers, o.start)
  }

  get current(): string {
    return this.ring.current
  }

  /**
   * `server` failed to answer (a request, or a stream broke): the next becomes current. With a list, this client's
   * other streams from it end at once, to reconnect to the next, instead of waiting out their idle limit on a server
   * that hangs. A 503 is an answer: that server's streams still flow (its watch cache outlives a ZooKeeper outage).
   */
  failed(server: string): void {
    this.ring.failed(server)
    const open = this.streams.get(server)
    if (!open || this.o.servers.length < 2) return
    this.streams.delete(server)
    for (const res of open) res.abort(new TransportError(`${server} failed another request`, 'EFAILOVER', true))
  }

  /** Remembers an open stream from `server` (see `failed`); call the answer when the stream is done. */
  track(server: string, res: HttpResponse): () => void {
    const open = this.streams.get(server) ?? new Set()
    this.streams.set(server, open.add(res))
    return () => {
      open.delete(res)
      if (open.size === 0 && this.streams.get(server) === open) this.streams.delete(server)
    }
  }

  /**
   * Tries the servers, current first; answers the first response that is no 503, with the server that gave it.
   * After a pass where every server failed it waits a jittered backoff before the next pass.
   */
  async send(req: Attempt, idleTimeoutMs: number): Promise<{ res: HttpResponse; server: string }> {
    return this.loop(req, (server) => this.attempt(server, req, idleTimeoutMs))
  }

  /** As `send`, reading the answer's JSON within the attempt: a body that breaks off counts as that server failing. */
  async sendForJson(req: Attempt): Promise<unknown> {
    const { res } = await this.loop(req, async (server) => {
      const outcome = await this.attempt(server, req, this.o.requestTimeoutMs)
      if (!('res' in outcome)) return outcome
      try {
        const body = await outcome.res.json()
        return { res: { ...outcome.res, json: async () => body } }
      } catch (err) {
        if (req.signal?.aborted || err instanceof SyntaxError) throw err
        return { failure: { ...transportFailure(server, err), mayHaveReached: true } }
      }
    })
    return res.json()
  }

  private async loop(
    req: Attempt,
    attempt: (server: string) => Promise<Outcome>,
  ): Promise<{ res: HttpResponse; server: string }> {
    const failures: Failure[] = []
    const backoff = new Backoff(this.o.backoff, this.o.random)
    for (let tried = this.ring.order(), pass = 1; ; pass++) {
      for (const server of tried) {
        const outcome = await attempt(server)
        if ('res' in outcome) return { res: outcome.res, server }
        if ('error' in outcome) throw afterAmbiguous(outcome.error, failures)
        failures.push(outcome.failure)
        if (outcome.failure.answer) this.ring.failed(server)
        else this.failed(server)
        if (outcome.failure.mayHaveReached && !req.resendable) throw failedEverywhere(failures)
      }
      tried = this.ring.order().filter((s) => failedFast(failures, s))
      if (pass >= this.o.passes || tried.length === 0) throw failedEverywhere(failures)
      await this.o.clock.sleep(backoff.failed(), req.signal)
      if (req.signal?.aborted) throw req.signal.reason
    }
  }

  /**
   * One server's answer. A 429 (the apiserver's request limits: the request was refused before anything was done, so
   * any request may go again) is retried on the same server after its Retry-After (at most 10 s, jittered), up to
   * THROTTLED_RETRIES times, as client-go does; after that it is the caller's TooManyRequests.
   */
  private async attempt(server: string, req: Attempt, idleTimeoutMs: number): Promise<Outcome> {
    for (let throttled = 0; ; throttled++) {
      const outcome = await this.attemptOnce(server, req, idleTimeoutMs)
      if (!('throttled' in outcome)) return outcome
      if (throttled >= THROTTLED_RETRIES) return { error: outcome.error }
      const ms = Math.round(Math.min(outcome.throttled, 10) * 1000 * (1 + this.o.random() * 0.2))
      await this.o.clock.sleep(ms, req.signal)
      if (req.signal?.aborted) throw req.signal.reason
    }
  }

  private async attemptOnce(
    server: string,
    req: Attempt,
    idleTimeoutMs: number,
  ): Promise<Outcome | { error: ApiError; throttled: number }> {
    let res: HttpResponse
    try {
      res = await this.o.transport(server + req.path, {
        method: req.method,
        headers: req.headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: req.signal,
        headersTimeoutMs: this.o.requestTimeoutMs,
        idleTimeoutMs,
      })
    } catch (err) {
      if (req.signal?.aborted) throw err
      return { failure: transportFailure(server, err) }
    }
    if (res.ok) return { res }
    const status = (await res.json().catch(() => ({}))) as Partial<StatusBody>
    const error = ApiError.fromStatus(status, res.status)
    if (res.status === 429) return { error, throttled: res.retryAfterSeconds ?? 1 }
    if (error.code !== 'Unavailable') return { error }
    return {
      failure: { server, why: `${res.status}: ${error.message}`, mayHaveReached: true, timedOut: false, answer: error },
    }
  }
}

type Outcome = { res: HttpResponse } | { error: ApiError } | { failure: Failure }

/** How many 429s in a row one request waits out before answering TooManyRequests. */
const THROTTLED_RETRIES = 5

/** A later pass tries a server again only if it failed fast: one that timed out has cost its full timeout once. */
const failedFast = (failures: readonly Failure[], server: string): boolean =>
  failures.some((f) => f.server === server) && !failures.some((f) => f.server === server && f.timedOut)
