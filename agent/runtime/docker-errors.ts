/** @module Translates Docker Engine errors (as dockerode raises them) into RuntimeError; used by docker-runtime.ts only. */
import { RuntimeError } from './runtime-error.js'

interface EngineError {
  statusCode?: number
  json?: unknown
  message?: string
  code?: string
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ETIMEDOUT'])
// dockerd answering while it starts or stops, with containerd not (or no longer) there, or with its network
// store already closed ("failed to update store for object type *libnetwork.endpoint: open : no such file…",
// a start in the last moments of a shutdown — seen in e2e/outages).
const ENGINE_NOT_READY =
  /daemon is shutting down|containerd\.sock|transport is closing|connection error: desc|failed to update store for object type \*libnetwork/i
const PORT_IN_USE = /port is already allocated|address already in use/i
// "Bind for 0.0.0.0:8080 failed: port is already allocated", "listen tcp4 0.0.0.0:8080: bind: address already in use"
const PORT_OF = /(?:Bind for|listen \w+) \S*:(\d+)/

/**
 * `what` names the operation for the message. `notFound: 'ImageNotFound'` makes every failure
 * ImageNotFound (pulls: like Helios, a pull that fails leaves the image missing, whatever the reason).
 */
export function translateDockerError(
  err: unknown,
  opts: { what: string; endpoint: string; notFound?: 'ImageNotFound' },
): RuntimeError {
  if (err instanceof RuntimeError) return err
  const e = (err ?? {}) as EngineError
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code
  if (code && UNREACHABLE.has(code)) {
    return new RuntimeError('Unavailable', `docker engine at ${opts.endpoint} is unreachable (${code})`, { cause: err })
  }
  if (isRedirect(e)) {
    const text = `${opts.what}: the engine answered with a redirect, which the agent never follows`
    return new RuntimeError(opts.notFound ?? 'Failed', text, { cause: err })
  }
  const message = engineMessage(e)
  if (ENGINE_NOT_READY.test(message)) {
    const text = `docker engine at ${opts.endpoint} is not ready: ${message}`
    return new RuntimeError('Unavailable', text, { cause: err })
  }
  if (PORT_IN_USE.test(message)) {
    const port = Number(PORT_OF.exec(message)?.[1]) || undefined
    const which = port ? `port ${port}` : 'a host port'
    return new RuntimeError('PortInUse', `${which} is already in use on this host: ${message}`, { port, cause: err })
  }
  if (opts.notFound === 'ImageNotFound') return new RuntimeError('ImageNotFound', message, { cause: err })
  if (e.statusCode === 404) {
    const reason = /no such image|not found: manifest|pull access denied/i.test(message) ? 'ImageNotFound' : 'NotFound'
    return new RuntimeError(reason, `${opts.what}: ${message}`, { cause: err })
  }
  if (e.statusCode === 409) return new RuntimeError('Conflict', `${opts.what}: ${message}`, { cause: err })
  return new RuntimeError('Failed', `${opts.what}: ${message}`, { cause: err })
}

// docker-modem's own error when told to follow no redirect (docker-runtime.ts), or the 3xx itself.
const isRedirect = (e: EngineError): boolean =>
  (e.statusCode !== undefined && e.statusCode >= 300 && e.statusCode < 400) ||
  /^Max redirects exceeded/.test(e.message ?? '')

// dockerode puts the engine's own text in `json.message` and wraps it in "(HTTP code N) ... - " in `message`.
function engineMessage(e: EngineError): string {
  const json = e.json as { message?: unknown } | string | null | undefined
  if (json && typeof json === 'object' && typeof json.message === 'string') return json.message.trim()
  if (typeof json === 'string' && json.trim()) return json.trim()
  return (e.message ?? String(e)).replace(/^\(HTTP code \d+\) [^-]* - /, '').trim()
}
