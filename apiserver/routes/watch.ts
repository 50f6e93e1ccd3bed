/** @module GET /apis/helios/v1/<plural>?watch=1[&resourceVersion=N]: newline-delimited JSON watch events, with bookmarks. */
import type { Request, Response } from 'express'
import { API_VERSION, isApiError, type Kind, type WatchEvent } from '../../apis/index.js'
import type { AppContext } from '../app-context.js'
import { toApiError } from '../error-handler.js'
import { parseFieldSelector } from '../selectors/field-selector.js'
import { objectFilter, queryString } from '../selectors/object-filter.js'
import type { StoreEvent } from '../storage/store.js'
import { WATCH_INDEX } from '../storage/watch-index.js'
import { toWatchEvent } from '../watch-event.js'
import { queryVersion } from './params.js'

/** A client this far behind (bytes buffered) is cut off; it re-watches from its last version. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

/** The value an equality field selector asks of the kind's watch index (an agent's `spec.host=<me>`), if any. */
function indexedValue(kind: Kind, query: Record<string, unknown>): string | undefined {
  const index = WATCH_INDEX[kind]
  if (!index) return undefined
  return parseFieldSelector(queryString(query, 'fieldSelector'), kind).find(
    (r) => r.field === index.field && r.op === '=',
  )?.value
}

/**
 * Without resourceVersion (or with "0") the stream starts with ADDED for every current object.
 * A version older than the store's window gives one ERROR line (Status 410 Expired) and the end.
 */
export async function serveWatch(ctx: AppContext, kind: Kind, req: Request, res: Response): Promise<void> {
  const query = req.query as Record<string, unknown>
  const filter = objectFilter(kind, query)
  const asked = queryVersion(query)
  const from = asked === '0' ? undefined : asked
  const initial = from === undefined ? await ctx.store.list(kind) : undefined

  res.status(200)
  res.set({ 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' })
  res.flushHeaders()
  req.socket.setNoDelay(true)
  let lastVersion = from ?? initial?.resourceVersion ?? '0'
  let timer: NodeJS.Timeout | undefined
  let cancel = () => {}
  const finish = () => {
    clearTimeout(timer)
    cancel()
    if (!res.writableEnded) res.end()
  }
  const send = (event: WatchEvent<unknown>) => {
    if (res.writableEnded) return
    res.write(`${JSON.stringify(event)}\n`)
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      ctx.log('warn', 'watch client too slow; closing its stream', { kind, path: req.originalUrl })
      finish()
      return
    }
    timer?.refresh()
  }
  const bookmark = () => {
    // An indexed watch sees none of the other hosts' changes; the store's version covers them all.
    const current = ctx.store.currentVersion(kind)
    if (BigInt(current) > BigInt(lastVersion)) lastVersion = current
    send({ type: 'BOOKMARK', object: { kind, apiVersion: API_VERSION, metadata: { resourceVersion: lastVersion } } })
  }

  res.locals.watch = true // kept out of the latency histogram (metrics.ts)
  ctx.metrics.openWatches++
  res.on('close', () => {
    ctx.metrics.openWatches--
    finish()
  })
  for (const obj of initial?.items.filter(filter) ?? []) send({ type: 'ADDED', object: obj })
  try {
    const onEvent = (event: StoreEvent) => {
      lastVersion = event.object.metadata.resourceVersion ?? lastVersion
      const out = toWatchEvent(event, filter)
      if (out) send(out)
    }
    cancel = ctx.store.watch(kind, from ?? initial?.resourceVersion, onEvent, { indexValue: indexedValue(kind, query) })
  } catch (err) {
    if (!isApiError(err, 'Expired')) ctx.log('warn', 'watch failed to start', { kind, error: String(err) })
    send({ type: 'ERROR', object: toApiError(err).toStatus() })
    finish()
    return
  }
  // The client may have gone while the store replayed; 'close' has then fired already.
  if (res.writableEnded || res.destroyed) finish()
  else timer = setInterval(bookmark, ctx.bookmarkIntervalMs)
}
