/** @module The rules both HTTP servers (apiserver, agent log endpoint) apply to who may call them: bearer tokens and loopback. */

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1]

/** 127.0.0.0/8, ::1 and localhost (brackets allowed): only this machine can connect, so no token is needed there. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}
