/** @module `--listen-address`, `--advertise-address` and `--insecure-no-auth` of the agent's log endpoint (pure); main.ts passes the strings in. */
import { isIP } from 'node:net'
import { isLoopback } from '../apis/index.js'

export interface ListenAddress {
  host: string
  port: number
}

/** The endpoint's port when `--listen-address` is not given (the apiserver's is 5801). */
export const DEFAULT_LOG_PORT = 5803

/** `HOST:PORT` or `[IPv6]:PORT` (port 0 picks a free one), or `none` (no endpoint: undefined); else an error message. */
export function parseListenAddress(value: string): ListenAddress | undefined | string {
  if (value === 'none') return undefined
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value)
  const host = m?.[1] ?? m?.[2]
  const port = Number(m?.[3])
  if (!host || !(port <= 65535))
    return `invalid --listen-address "${value}": expected HOST:PORT (port 0 picks one) or none`
  return { host, port }
}

/** Without a token the endpoint has no authentication, so it stays on this machine unless told otherwise. */
export function defaultListenAddress(hasToken: boolean): string {
  return `${hasToken ? '0.0.0.0' : '127.0.0.1'}:${DEFAULT_LOG_PORT}`
}

/** The apiserver's rule, for container logs: no token means loopback only, or `--insecure-no-auth`. */
export function listenProblem(at: ListenAddress, hasToken: boolean, insecureNoAuth: boolean): string | undefined {
  if (hasToken || insecureNoAuth || isLoopback(at.host)) return undefined
  return (
    `refusing to serve container logs on ${at.host} without authentication: pass --token (the agent's apiserver ` +
    'token, which the apiserver presents) or --insecure-no-auth (anyone who can reach it may read every log)'
  )
}

/** `--advertise-address` (a missing port is the bound one); by default the listen host, or `hostname` for a wildcard. */
export function advertisedAddress(o: {
  advertise?: string
  listen: ListenAddress
  port: number
  hostname: string
}): string {
  if (o.advertise && isIP(o.advertise) === 6) return `[${o.advertise}]:${o.port}`
  if (o.advertise) return /:\d+$/.test(o.advertise) ? o.advertise : `${bracketed(o.advertise)}:${o.port}`
  const wildcard = o.listen.host === '0.0.0.0' || o.listen.host === '::'
  return `${bracketed(wildcard ? o.hostname : o.listen.host)}:${o.port}`
}

const bracketed = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host)
