/** @module Whether the API needs tokens: always with --token-file; open only on loopback or with --insecure-no-auth. */
import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1') return true
  return isIP(h) === 4 && h.startsWith('127.')
}

/** `true`: require tokens; `false`: serve the API to anyone who connects. Throws when that would be unsafe. */
export function requiresAuth(opts: { host: string; tokenFile?: string; insecureNoAuth?: boolean }): boolean {
  if (opts.tokenFile) return true
  if (isLoopback(opts.host) || opts.insecureNoAuth) return false
  throw new Error(
    `refusing to serve the API on ${opts.host} without authentication: pass --token-file FILE ` +
      '(or --insecure-no-auth to let anyone who can reach this address do anything)',
  )
}
