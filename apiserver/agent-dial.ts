/** @module Dialing a host's agent: TLS pinned to the certificate its Host status names, or plain TCP that carries a credential to loopback only. */
import { createHash } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { type Socket, connect as tcpConnect } from 'node:net'
import { type TLSSocket, connect as tlsConnect } from 'node:tls'
import { ApiError, isLoopback, parseAgentAddress } from '../apis/index.js'

export interface AgentEndpoint {
  /** The Host, for messages. */
  host: string
  /** `host:port` or `[ipv6]:port`, from the Host's status.agentAddress. */
  address: string
  /** status.agentCertificateSha256: when set, only TLS with exactly this certificate is spoken. */
  certificateSha256?: string
  /** The request will carry a credential (the agent's bearer token): plain TCP then goes to loopback only. */
  credential: boolean
  signal: AbortSignal
  timeoutMs: number
  /** Said when the agent cannot be reached, e.g. `the host is DOWN …`. */
  note?: string
}

/**
 * A connected socket on which nothing has been written yet: TLS whose peer presented the pinned certificate,
 * or TCP to an address that may see the credential. Anything else is an ApiError (503), decided before a byte
 * of the request leaves: a certificate mismatch, a credential bound for a non-loopback address in clear text.
 */
export async function dialAgent(e: AgentEndpoint): Promise<Socket> {
  e.signal.throwIfAborted()
  const where = `the agent of host "${e.host}" at ${e.address}`
  const target = parseAgentAddress(e.address)
  if (!target)
    throw new ApiError(
      'Unavailable',
      `host "${e.host}" reports agent address ${JSON.stringify(e.address)}, not host:port`,
    )
  if (e.certificateSha256) return dialTls(e, target, e.certificateSha256, where)
  const ips = await resolve(e, target.host, where)
  // With a credential, every address the name has must be loopback, not just the one that answers.
  const foreign = ips.find((ip) => !isLoopback(ip))
  if (e.credential && foreign !== undefined)
    throw new ApiError(
      'Unavailable',
      `refusing to send the agent token of host "${e.host}" in clear text to ${e.address} (${foreign} is not loopback): ` +
        'start its agent with --tls-cert and --tls-key, so that the apiserver reaches it over TLS',
    )
  // `localhost` may be ::1 and 127.0.0.1: the addresses just checked are tried in turn, never looked up again.
  for (const [i, ip] of ips.entries()) {
    try {
      return await connected(tcpConnect({ host: ip, port: target.port }), 'connect', e, where, '')
    } catch (err) {
      if (i === ips.length - 1 || e.signal.aborted) throw err
    }
  }
  throw unreachable(e, where, '', new Error('no address'))
}

async function dialTls(e: AgentEndpoint, target: Target, pin: string, where: string): Promise<Socket> {
  // The pin, not a CA, says who the agent is: a self-signed certificate is fine, any other certificate is not.
  const servername = /^[\d.]+$|:/.test(target.host) ? undefined : target.host
  const socket = tlsConnect({ ...target, servername, rejectUnauthorized: false, minVersion: 'TLSv1.2' })
  await connected(socket, 'secureConnect', e, where, ' over TLS')
  const presented = (socket as TLSSocket).getPeerX509Certificate()
  const got = presented ? createHash('sha256').update(presented.raw).digest('hex') : 'none'
  if (got === pin) return socket
  socket.destroy()
  throw new ApiError(
    'Unavailable',
    `${where} presented a certificate with SHA-256 ${got}, but its Host status pins ${pin}: nothing was sent to it`,
  )
}

/** The addresses this request may go to, looked up once (a second lookup could answer differently). */
async function resolve(e: AgentEndpoint, host: string, where: string): Promise<string[]> {
  try {
    const all = await lookup(host, { all: true })
    if (all.length === 0) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' })
    return all.map((a) => a.address)
  } catch (err) {
    throw unreachable(e, where, '', err)
  }
}

function connected<S extends Socket>(
  socket: S,
  event: string,
  e: AgentEndpoint,
  where: string,
  how: string,
): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const timer = setTimeout(
      () => socket.destroy(Object.assign(new Error('no answer'), { code: 'timed out' })),
      e.timeoutMs,
    )
    const onAbort = () => socket.destroy(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }))
    e.signal.addEventListener('abort', onAbort, { once: true })
    const settle = () => {
      clearTimeout(timer)
      e.signal.removeEventListener('abort', onAbort)
    }
    socket.once(event, () => {
      settle()
      resolve(socket)
    })
    socket.once('error', (err) => {
      settle()
      reject(e.signal.aborted ? err : unreachable(e, where, how, err))
    })
  })
}

function unreachable(e: AgentEndpoint, where: string, how: string, err: unknown): ApiError {
  const why = (err as { code?: string }).code ?? (err as Error).message
  return new ApiError('Unavailable', `cannot reach ${where}${how} (${why})${e.note ? `; ${e.note}` : ''}`, {
    cause: err,
  })
}

interface Target {
  host: string
  port: number
}
