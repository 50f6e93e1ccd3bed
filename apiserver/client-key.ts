/** @module Who a request comes from, for per-client limits: the authenticated user, else the remote address. */
import type { Request, Response } from 'express'

export function clientKey(req: Request, res: Response): string {
  const user = (res.locals as { user?: { name?: unknown } }).user
  if (typeof user?.name === 'string') return `user "${user.name}"`
  // Never a header such as X-Forwarded-For: a client would name itself anew on every request.
  const address = req.socket.remoteAddress ?? 'unknown'
  return `address ${address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address}`
}
