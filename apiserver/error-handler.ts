/** @module The single place errors become HTTP: ApiError → status + Status body; body-parser failures; everything else 500. */
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { ApiError, BODY_LIMIT_BYTES } from '../apis/index.js'
import type { Log } from './log.js'

interface HttpishError {
  type?: unknown
  status?: unknown
  expose?: unknown
  message?: unknown
}

/** Maps any thrown value to the ApiError the client sees. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const e = (err ?? {}) as HttpishError
  const message = typeof e.message === 'string' ? e.message : String(err)
  if (e.type === 'entity.parse.failed') return new ApiError('BadRequest', `request body is not valid JSON: ${message}`)
  if (e.type === 'entity.too.large') {
    return new ApiError('PayloadTooLarge', `request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes (1 MiB)`)
  }
  // The router marks a name it cannot percent-decode (`/jobs/%`) with status 400 but no `expose`.
  if (err instanceof URIError && e.status === 400) return new ApiError('BadRequest', `bad request: ${message}`)
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    return new ApiError('BadRequest', `bad request: ${message}`)
  }
  return new ApiError('Internal', 'internal error; the apiserver log has the details', { cause: err })
}

/** The last middleware: writes `{kind:'Status', code, reason, message, causes}`. */
export function errorHandler(log: Log): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err)
    const where = { method: req.method, path: req.originalUrl }
    if (apiError.code === 'Internal') log('error', 'request failed', { ...where, error: err })
    else log('info', 'request refused', { ...where, code: apiError.httpStatus, message: apiError.message })
    // A stream that already started (a watch) cannot change its status any more.
    if (res.headersSent) {
      res.destroy()
      return
    }
    res.status(apiError.httpStatus).json(apiError.toStatus())
  }
}

/** Unknown routes are a 404 Status too. */
export const notFoundRoute: RequestHandler = (req) => {
  throw new ApiError('NotFound', `no route for ${req.method} ${req.path}`)
}
