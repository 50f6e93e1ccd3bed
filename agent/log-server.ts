/** @module The agent's HTTP endpoint (node:http): `GET /tasks/<task>/log` streams that Task's container logs on this host to the apiserver. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https'
import { ApiError, bearerToken, parseLogQuery } from '../apis/index.js'
import { errorMessage, type Log } from '../client/index.js'
import type { ContainerRuntime, ContainerSummary } from './runtime/container-runtime.js'
import { LABEL } from './runtime/labels.js'
import { isRuntimeError } from './runtime/runtime-error.js'

export interface LogServerOptions {
  runtime: Pick<ContainerRuntime, 'listManaged' | 'logs'>
  hostName: string
  /** When set, every request must carry `Authorization: Bearer <token>`: the token this agent itself uses. */
  token?: string
  /** PEM certificate and key (agent `--tls-cert`, `--tls-key`): the endpoint serves HTTPS only. */
  tls?: { cert: string; key: string }
  log: Log
}

/** The endpoint: plain HTTP, or HTTPS with `tls`. */
export type LogServer = Server | TlsServer

const ROUTE = /^\/tasks\/([^/]+)\/log$/

/** An HTTP(S) server (not listening yet) serving only this host's managed containers, never other containers. */
export function createLogServer(o: LogServerOptions): LogServer {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    serve(o, req, res).catch((err: unknown) => fail(o, req, res, err))
  }
  if (!o.tls) return createServer(handle)
  const server = createTlsServer({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2' }, handle)
  // A client that speaks plain HTTP or rejects the certificate: its socket is closed, nothing else.
  server.on('tlsClientError', (err) => o.log('debug', 'log endpoint: TLS handshake failed', { error: err.message }))
  return server
}

async function serve(o: LogServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (o.token !== undefined && !bearerMatches(req.headers.authorization, o.token))
    throw new ApiError('Unauthorized', 'this agent serves logs to its apiserver only: send its agent token as bearer')
  const url = new URL(req.url ?? '/', 'http://agent')
  const match = ROUTE.exec(url.pathname)
  if (req.method !== 'GET' || !match?.[1]) throw new ApiError('NotFound', `no route for ${req.method} ${url.pathname}`)
  const task = decodeURIComponent(match[1])
  const query = parseLogQuery(url.searchParams)
  const container = await taskContainer(o, task)
  const abort = new AbortController()
  res.once('close', () => abort.abort())
  const stream = await o.runtime.logs(container.id, { ...query, signal: abort.signal })
  res.once('close', () => stream.destroy())
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  })
  res.flushHeaders()
  stream.once('error', (err) => {
    if (!abort.signal.aborted) o.log('warn', 'log stream broke', { task, error: errorMessage(err) })
    res.destroy()
  })
  stream.pipe(res)
}

/** The Task's main container on this host: the running one, else the one that ran last. */
async function taskContainer(o: LogServerOptions, task: string): Promise<ContainerSummary> {
  const mains = (await o.runtime.listManaged(o.hostName, task)).filter(
    (c) => (c.labels[LABEL.container] ?? 'main') === 'main',
  )
  const [newest] = mains.sort(
    (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || (b.startedAt ?? 0) - (a.startedAt ?? 0),
  )
  if (!newest) throw new ApiError('NotFound', `task "${task}" has no container on host "${o.hostName}"`)
  return newest
}

function fail(o: LogServerOptions, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const apiError = toApiError(err)
  if (apiError.code === 'Internal') o.log('error', 'log request failed', { path: req.url, error: errorMessage(err) })
  if (res.headersSent || res.destroyed) {
    res.destroy()
    return
  }
  res.writeHead(apiError.httpStatus, { 'content-type': 'application/json' }).end(JSON.stringify(apiError.toStatus()))
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (err instanceof URIError) return new ApiError('BadRequest', `bad task name in the path: ${err.message}`)
  if (isRuntimeError(err, 'NotFound')) return new ApiError('NotFound', err.message)
  // Docker's 409: the container is dead or being removed, so it has no logs to give; no fault of the agent's.
  if (isRuntimeError(err, 'Conflict')) return new ApiError('Conflict', err.message)
  if (isRuntimeError(err, 'Unavailable')) return new ApiError('Unavailable', err.message)
  return new ApiError('Internal', `reading logs failed: ${errorMessage(err)}`)
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Compares digests in constant time, so response times tell nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = bearerToken(header)
  return given !== undefined && timingSafeEqual(digest(given), digest(token))
}
