/** @module The authentication middleware under API_PREFIX: bearer token → user (401); each route's guard then authorizes. */
import type { RequestHandler } from 'express'
import { ApiError } from '../../apis/index.js'
import type { Authenticator } from './authenticator.js'

export const UNAUTHENTICATED = 'authentication required: send "Authorization: Bearer <token>"'

/** Refuses requests without a known token (401); authorization is per route (guard.ts), from the route that matched. */
export function requireAuth(auth: Authenticator): RequestHandler {
  return (req, res, next) => {
    const user = auth.authenticate(req.get('authorization'))
    if (!user) throw new ApiError('Unauthorized', UNAUTHENTICATED)
    res.locals.user = user
    next()
  }
}
