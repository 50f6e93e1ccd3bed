/**
 * @module Failover between apiservers: which server is current, what one failed attempt was, and the rule for
 * sending a request again to another server after an attempt that may have reached the first.
 *
 * The rule: a request is sent again only if doing it twice cannot do more than doing it once, or makes the
 * second attempt fail loudly instead. Reads (GET) and replaces (PUT: the same object either way; with a
 * resourceVersion, a first attempt that landed makes the second answer Conflict) qualify, as do deletes (the
 * second answers NotFound), server-side apply and prune (declarative: the same result however often), and creates
 * of a named object (the second answers AlreadyExists; every kind has a client-chosen name). Any other POST is
 * sent once. An attempt that cannot have reached the server (no connection was ever made) is always sent again.
 * What a resent request answers describes its own attempt: an apply whose first attempt landed reports
 * `unchanged`, a prune nothing deleted; a refusal that may be the first attempt's doing says so (afterAmbiguous).
 */
import { ApiError, type ErrorCode } from '../apis/index.js'
import { TransportError, TransportTimeout } from './node-transport.js'

/** One failed attempt: a server unreachable, silent, or answering 503. */
export interface Failure {
  server: string
  /** For messages: `ECONNREFUSED`, `no response within 30 s`, `503: …`. */
  why: string
  mayHaveReached: boolean
  /** It cost a full timeout: not tried again within the same request. */
  timedOut: boolean
  /** The apiserver's own answer (503), if it gave one. */
  answer?: ApiError
}

/** The apiservers of one client and the one requests go to first; every server serves reads, writes and watches. */
export class ServerRing {
  private index: number

  constructor(
    readonly servers: readonly string[],
    start = 0,
  ) {
    if (servers.length === 0) throw new TypeError('HeliosClient needs at least one apiserver URL')
    this.index = ((start % servers.length) + servers.length) % servers.length
  }

  get current(): string {
    return this.servers[this.index] as string
  }

  /** Every server once, the current one first. */
  order(): string[] {
    return this.servers.map((_, i) => this.servers[(this.index + i) % this.servers.length] as string)
  }

  /** `server` failed: the next becomes current, unless a concurrent request has moved on already. */
  failed(server: string): void {
    if (this.current === server) this.index = (this.index + 1) % this.servers.length
  }
}

/** Whether a request with `method` may be sent again after it may have reached a server (the rule above). */
export function resendableMethod(method: string): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method.toUpperCase())
}

/** A create may be sent again when it names its object: a second landing answers AlreadyExists. */
export function namesItsObject(body: unknown): boolean {
  const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name
  return typeof name === 'string' && name !== ''
}

/** What went wrong when `server` could not be reached (anything the transport threw, the abort aside). */
export function transportFailure(server: string, err: unknown): Failure {
  if (err instanceof TransportError)
    return { server, why: err.message, mayHaveReached: err.mayHaveReached, timedOut: err instanceof TransportTimeout }
  const { code, message } = err as { code?: string; message?: string }
  // Only a URL that does not parse is known never to have left this process.
  return { server, why: code ?? message ?? String(err), mayHaveReached: code !== 'ERR_INVALID_URL', timedOut: false }
}

/** The error of a request whose every attempt failed: the apiserver's last 503 if one answered, else "cannot reach". */
export function failedEverywhere(failures: readonly Failure[]): ApiError {
  const last = lastPerServer(failures)
  const answered = failures.findLast((f) => f.answer !== undefined)
  if (answered?.answer) {
    const others = last.filter((f) => f.server !== answered.server)
    const also = others.length === 0 ? '' : ` (also tried ${others.map(describe).join(', ')})`
    const { code, message, causes } = answered.answer
    return new ApiError(code, `${message}${also}`, { causes, cause: answered.answer })
  }
  // The prefix "cannot reach apiserver" is what heliosctl's hint looks for.
  return new ApiError('Unavailable', `cannot reach apiserver at ${last.map(describe).join(', ')}`, {
    cause: failures.at(-1),
  })
}

const AMBIGUOUS_ANSWERS: readonly ErrorCode[] = ['AlreadyExists', 'Conflict', 'NotFound']

/**
 * A refusal after an earlier attempt that may have landed (AlreadyExists, Conflict, NotFound) may be that
 * attempt's own doing: the message says so rather than let it pass for someone else's.
 */
export function afterAmbiguous(err: ApiError, failures: readonly Failure[]): ApiError {
  const landed = failures.findLast((f) => f.mayHaveReached)
  if (!landed || !AMBIGUOUS_ANSWERS.includes(err.code)) return err
  const note = ` (an earlier attempt at ${landed.server} may have done it: ${landed.why})`
  return new ApiError(err.code, `${err.message}${note}`, { causes: err.causes, cause: err })
}

function lastPerServer(failures: readonly Failure[]): Failure[] {
  const byServer = new Map<string, Failure>()
  for (const f of failures) byServer.set(f.server, f)
  return [...byServer.values()]
}

const describe = (f: Failure): string => `${f.server} (${f.why})`
