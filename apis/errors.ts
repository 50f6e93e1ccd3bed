/** @module ApiError: the one error type on the wire, in the CLI and in every component; codes map to HTTP once. */
import type { z } from 'zod'

export const ERROR_STATUS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Expired: 410,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  Internal: 500,
  Unavailable: 503,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof ERROR_STATUS

/** A field-level reason, e.g. `{ field: 'spec.ports.http.internalPort', message: 'must be at most 65535' }`. */
export interface Cause {
  field: string
  message: string
}

/** The error body every HTTP error carries (Kubernetes' Status shape). */
export interface StatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  code: number
  reason: ErrorCode
  message: string
  causes: Cause[]
}

/** A typed error with a reason; foreign errors are translated into it where they enter. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly causes: Cause[]

  constructor(code: ErrorCode, message: string, opts: { causes?: Cause[]; cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.name = 'ApiError'
    this.code = code
    this.causes = opts.causes ?? []
  }

  get httpStatus(): number {
    return ERROR_STATUS[this.code]
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      code: this.httpStatus,
      reason: this.code,
      message: this.message,
      causes: this.causes,
    }
  }

  /** Rebuilds an ApiError from a Status body received over HTTP. */
  static fromStatus(body: Partial<StatusBody>, httpStatus: number): ApiError {
    const code = (
      body.reason && Object.hasOwn(ERROR_STATUS, body.reason) ? body.reason : codeForStatus(httpStatus)
    ) as ErrorCode
    return new ApiError(code, body.message ?? `HTTP ${httpStatus}`, { causes: body.causes ?? [] })
  }
}

function codeForStatus(status: number): ErrorCode {
  const found = Object.entries(ERROR_STATUS).find(([, s]) => s === status)
  return (found?.[0] as ErrorCode | undefined) ?? (status >= 500 ? 'Internal' : 'BadRequest')
}

export const isApiError = (err: unknown, code?: ErrorCode): err is ApiError =>
  err instanceof ApiError && (code === undefined || err.code === code)
export const isNotFound = (err: unknown): boolean => isApiError(err, 'NotFound')
export const isConflict = (err: unknown): boolean => isApiError(err, 'Conflict') || isApiError(err, 'AlreadyExists')

/** Dotted field path as users see it in YAML: `spec.ports.http.internalPort`, `spec.command[0]`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}

/** Turns zod issues into one Invalid error whose causes name every field path. */
export function fromZodError(error: z.ZodError, what: string, prefix = ''): ApiError {
  const causes = error.issues.flatMap((issue): Cause[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key], prefix),
        message: 'unknown field',
      }))
    }
    // A record key that fails its own schema: say why (zod only says "Invalid key in record").
    const message = issue.code === 'invalid_key' ? issue.issues.map((i) => i.message).join('; ') : issue.message
    return [{ field: fieldPath(issue.path, prefix) || '(root)', message: message || issue.message }]
  })
  const first = causes[0]
  const summary = first ? `${first.field}: ${first.message}` : 'invalid'
  const more = causes.length > 1 ? ` (and ${causes.length - 1} more)` : ''
  return new ApiError('Invalid', `${what} is invalid: ${summary}${more}`, { causes, cause: error })
}
