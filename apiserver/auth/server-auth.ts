/** @module The apiserver's security setup from its flags: the Authenticator (plus the controllers' token) and HTTP or HTTPS. */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { requiresAuth } from './auth-policy.js'
import { Authenticator } from './authenticator.js'
import { readTokenFile } from './token-file.js'

export interface SecurityFlags {
  host: string
  tokenFile?: string
  insecureNoAuth?: boolean
  tlsCert?: string
  tlsKey?: string
}

export interface ServerAuth {
  /** Undefined when the API is open (loopback without --token-file, or --insecure-no-auth). */
  auth?: Authenticator
  /** An admin token for the in-process controllers, in memory only; undefined when auth is off. */
  controllerToken?: string
  /** The tokens of `host`'s agent (role agent, user = host), which its log endpoint accepts; none when auth is off. */
  agentTokens?: (host: string) => readonly string[]
}

/** Reads --token-file and adds a fresh random admin token for the controllers; throws on unsafe or bad flags. */
export function serverAuth(flags: SecurityFlags): ServerAuth {
  if (!requiresAuth(flags)) return {}
  const entries = flags.tokenFile ? readTokenFile(flags.tokenFile) : []
  const auth = new Authenticator(entries)
  const controllerToken = randomBytes(32).toString('base64url')
  auth.add({ token: controllerToken, user: 'system:controllers', role: 'admin' })
  const agentTokens = (host: string) => entries.filter((e) => e.role === 'agent' && e.user === host).map((e) => e.token)
  return { auth, controllerToken, agentTokens }
}

/** HTTPS with --tls-cert and --tls-key (both or neither), else HTTP. */
export function createApiServer(app: RequestListener, flags: SecurityFlags): { server: Server; scheme: string } {
  if (!flags.tlsCert !== !flags.tlsKey) throw new Error('--tls-cert and --tls-key go together: give both or neither')
  if (!flags.tlsCert || !flags.tlsKey) return { server: createServer(app), scheme: 'http' }
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file)
    } catch (err) {
      throw new Error(`cannot read ${flag} ${file}: ${(err as Error).message}`)
    }
  }
  const tls = { cert: read('--tls-cert', flags.tlsCert), key: read('--tls-key', flags.tlsKey) }
  // An https.Server offers everything main.ts uses of an http.Server (listen, address, close, closeAllConnections).
  return { server: createHttpsServer(tls, app) as unknown as Server, scheme: 'https' }
}
