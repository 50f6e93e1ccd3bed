/** @module GET /apis/helios/v1/<plural>?watch=1[&resourceVersion=N]: newline-delimited JSON watch events, with bookmarks. */
import type { Request, Response } from 'express'
import { type AnyObject, isApiError, type Kind } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { toApiError } from '../error-handler.js'
import { parseFieldSelector } from '../selectors/field-selector.js'
import { type ObjectFilter, objectFilter, queryString } from '../selectors/object-filter.js'
import { eventLine } from '../storage/cached-event.js'
import type { StoreEvent } from '../storage/store.js'
import { tooNew } from '../storage/store-errors.js'
import { WATCH_INDEX } from '../storage/watch-index.js'
import { sharedWatchType } from '../watch-event.js'
import { bookmarkLine, watchLine } from '../watch-line.js'
import { queryVersion } from './params.js'
import { WatchStream, watchClient } from './watch-stream.js'

/** The value an equality field selector asks of the kind's watch index (an agent's `spec.host=<me>`), if any. */
function indexedValue(kind: Kind, query: Record<string, unknown>): string | undefined {
  const index = WATCH_INDEX[kind]
  if (!index) return undefined
  return parseFieldSelector(queryString(query, 'fieldSelector'), kind).find(
    (r) => r.field === index.field && r.op === '=',
  )?.value
}

/**
 * Without resourceVersion (or with "0") the stream starts with ADDED for every current object, written as fast
 * as the client reads, then follows the store from the list's version. A version older than the store's window
 * gives one ERROR line (Status 410 Expired) and the end; one newer than the store has seen is waited for briefly
 * (another replica may be ahead), then refused with 503 before the stream starts. A client holding
 * --max-watches-per-client streams already is refused with 429.
 */
export async function serveWatch(ctx: AppContext, kind: Kind, req: Request, res: Response): Promise<void> {
  const query = req.query as Record<string, unknown>
  const filter = objectFilter(kind, query)
  const selectors = JSON.stringify([queryString(query, 'labelSelector'), queryString(query, 'fieldSelector')])
  const indexValue = indexedValue(kind, query)
  const asked = queryVersion(query)
  const from = asked === '0' ? undefined : asked
  const stream = admit(ctx, kind, req, res)
  if (from !== undefined) await waitUntilSeen(ctx, kind, from, stream)
  const initial = from === undefined ? await ctx.store.list(kind) : undefined
  if (stream.isClosed) return
  stream.open()
  if (initial && !(await replay(stream, initial.items, filter))) return
  follow(ctx, kind, stream, from ?? initial?.resourceVersion ?? '0', { filter, selectors, indexValue })
}

/** What a stream follows: `filter`, made from `selectors` alone (the key its view of an event is shared by). */
interface Selection {
  filter: ObjectFilter
  selectors: string
  indexValue: string | undefined
}

function admit(ctx: AppContext, kind: Kind, req: Request, res: Response): WatchStream {
  try {
    return new WatchStream(ctx, kind, req, res, watchClient(req, res))
  } catch (err) {
    if (isApiError(err, 'TooManyRequests')) {
      ctx.metrics.countWatchRefusal('client-limit')
      res.set('Retry-After', '1')
    }
    throw err
  }
}

/** Returns once the store has reached `from` (or the client left); throws Unavailable if it does not in time. */
async function waitUntilSeen(ctx: AppContext, kind: Kind, from: string, stream: WatchStream): Promise<void> {
  if (BigInt(from) <= BigInt(ctx.store.currentVersion(kind))) return
  if (await ctx.store.waitForVersion(kind, from, ctx.futureVersionWaitMs)) return
  if (stream.isClosed) return
  ctx.metrics.countWatchRefusal('future-version')
  throw tooNew(`${kind} objects`, BigInt(from), BigInt(ctx.store.currentVersion(kind)))
}

/** ADDED for each matching object, waiting whenever the client's buffer is full; false once the stream closed. */
async function replay(stream: WatchStream, items: readonly AnyObject[], filter: ObjectFilter): Promise<boolean> {
  for (const object of items) {
    if (!filter(object)) continue
    if (!stream.write(watchLine({ type: 'ADDED', object })) && !(await stream.drained())) return false
  }
  return !stream.isClosed
}

/**
 * Retained events after `from`, then live ones, with a BOOKMARK whenever the stream was idle for an interval. Every
 * line is one Buffer shared by all the streams sending it: an event is filtered once per distinct selector and
 * encoded once per form (storage/cached-event.ts), a bookmark once per kind and version.
 */
function follow(ctx: AppContext, kind: Kind, stream: WatchStream, from: string, selection: Selection): void {
  const { filter, selectors, indexValue } = selection
  let lastVersion = from
  let timer: NodeJS.Timeout | undefined
  const send = (line: Buffer) => {
    stream.write(line)
    timer?.refresh()
  }
  const onEvent = (event: StoreEvent) => {
    try {
      lastVersion = event.object.metadata.resourceVersion ?? lastVersion
      const type = sharedWatchType(event, selectors, filter)
      if (type) send(eventLine(event, type))
    } catch (err) {
      ctx.log('error', 'watch event could not be sent; closing the stream', { kind, error: String(err) })
      stream.abort()
    }
  }
  const bookmark = () => {
    try {
      lastVersion = bookmarkVersion(ctx, kind, lastVersion)
      send(bookmarkLine(kind, lastVersion))
    } catch (err) {
      ctx.log('error', 'watch bookmark failed; closing the stream', { kind, error: String(err) })
      stream.abort()
    }
  }
  try {
    stream.onClose(ctx.store.watch(kind, from, onEvent, { indexValue }))
  } catch (err) {
    if (!isApiError(err, 'Expired')) ctx.log('warn', 'watch failed to start', { kind, error: String(err) })
    stream.write(watchLine({ type: 'ERROR', object: toApiError(err).toStatus() }))
    stream.end()
    return
  }
  if (stream.isClosed) return
  timer = setInterval(bookmark, ctx.bookmarkIntervalMs)
  stream.onClose(() => clearInterval(timer))
}

/**
 * An indexed watch sees none of the other hosts' changes; the store's version covers them all. While the store
 * cannot say (ZooKeeper away: it should still answer, but a bookmark must never throw), the last version this
 * stream delivered stays true: the watch stays open and resumes when the store is back.
 */
function bookmarkVersion(ctx: AppContext, kind: Kind, lastVersion: string): string {
  try {
    const current = ctx.store.currentVersion(kind)
    return BigInt(current) > BigInt(lastVersion) ? current : lastVersion
  } catch (err) {
    ctx.log('debug', 'store version unknown; bookmarking the last version sent', { kind, error: String(err) })
    return lastVersion
  }
}
