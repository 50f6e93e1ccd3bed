/** @module What an informer makes of a watch stream: typed events, ERROR lines as ApiErrors, and when to list again. */
import { ApiError, isApiError, type StatusBody, type WatchEvent } from '../apis/index.js'

export type InformerEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; resourceVersion: string }

/** The stream's events; an ERROR line throws its Status as an ApiError (Expired for a 410). */
export async function* streamEvents<T>(stream: AsyncIterable<WatchEvent<T>>): AsyncGenerator<InformerEvent<T>> {
  for await (const event of stream) {
    if (event.type === 'ERROR') throw errorFromStatus(event.object)
    if (event.type === 'BOOKMARK') {
      const version = (event.object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion
      // A bookmark without a usable version moves nothing: the last event's version stays the place to resume.
      if (typeof version === 'string' && /^\d{1,20}$/.test(version))
        yield { type: 'BOOKMARK', resourceVersion: version }
      continue
    }
    yield { type: event.type, object: event.object }
  }
}

/**
 * After a watch failed: `relist` when the server cannot serve the version asked for (410 Expired: older than its
 * window; ResourceVersionTooLarge: newer than it has seen, as after a list from a replica ahead of it), `relistAtOnce`
 * for Expired (nothing to wait for). Anything else (a reset connection, an apiserver away) resumes from the same version.
 */
export function watchRetry(err: unknown): { relist: boolean; relistAtOnce: boolean } {
  if (isApiError(err, 'Expired')) return { relist: true, relistAtOnce: true }
  return { relist: isTooLarge(err), relistAtOnce: false }
}

const isTooLarge = (err: unknown): boolean =>
  isApiError(err, 'Unavailable') &&
  err.causes.some((c) => c.field === 'resourceVersion' && c.message.startsWith('ResourceVersionTooLarge'))

function errorFromStatus(status: unknown): ApiError {
  const body = (status ?? {}) as Partial<StatusBody>
  return ApiError.fromStatus(body, typeof body.code === 'number' ? body.code : 500)
}

export function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj)
    for (const value of Object.values(obj)) deepFreeze(value)
  }
  return obj
}
