/** @module Whether the API needs tokens: always with --token-file; open only on loopback or with --insecure-no-auth. */
import { isLoopback } from '../../apis/index.js'

/** `true`: require tokens; `false`: serve the API to anyone who connects. Throws when that would be unsafe. */
export function requiresAuth(opts: { host: string; tokenFile?: string; insecureNoAuth?: boolean }): boolean {
  if (opts.tokenFile) return true
  if (isLoopback(opts.host) || opts.insecureNoAuth) return false
  throw new Error(
    `refusing to serve the API on ${opts.host} without authentication: pass --token-file FILE ` +
      '(or --insecure-no-auth to let anyone who can reach this address do anything)',
  )
}
