/** @module List, then watch from the list's version; on 410 Expired or a dropped stream relist and report what changed (level-triggered). */
import type { Kind, ObjectOf, WatchEventType } from '../apis/index.js'
import { Backoff, type ListOptions } from '../client/index.js'
import type { Ctx } from './context.js'

export interface FollowHandlers<K extends Kind> {
  /** The first list, before any change; an error here (unreachable server, bad selector) ends the follow. */
  onList(items: ObjectOf<K>[]): unknown
  /** One object that changed since it was last reported; awaited, so output stays in order. */
  onChange(obj: ObjectOf<K>, type: WatchEventType): unknown
}

/**
 * Runs until `ctx.signal` aborts. Watch events are trusted only as far as the next relist: a relist
 * compares every object's resourceVersion with the last one reported and reports the differences,
 * deletions included, so nothing that happened while the stream was down is lost.
 */
export async function followChanges<K extends Kind>(
  ctx: Ctx,
  kind: K,
  opts: ListOptions,
  handlers: FollowHandlers<K>,
): Promise<void> {
  const { signal } = ctx
  const seen = new Map<string, ObjectOf<K>>()
  const report = async (obj: ObjectOf<K>, type: WatchEventType) => {
    const old = seen.get(obj.metadata.name)
    if (type !== 'DELETED' && old?.metadata.resourceVersion === obj.metadata.resourceVersion) return
    // Remembered only once reported: a handler that fails (the apiserver away) sees it again after the relist.
    await handlers.onChange(obj, type)
    if (type === 'DELETED') seen.delete(obj.metadata.name)
    else seen.set(obj.metadata.name, obj)
  }
  const first = await ctx.client.list(kind, opts)
  for (const item of first.items) seen.set(item.metadata.name, item)
  await handlers.onList(first.items)
  let version = first.metadata.resourceVersion
  // A stream that ends at once again and again (the apiserver away, or refusing): relist with a growing, jittered
  // pause, so many followers of one apiserver do not come back in step.
  const backoff = new Backoff({ initialMs: 500, maxMs: 10_000 })
  let quietRounds = 0
  while (!signal.aborted) {
    let events = 0
    try {
      for await (const event of ctx.client.watch(kind, { ...opts, resourceVersion: version, signal })) {
        if (event.type === 'ERROR') break // 410 Expired or another failure: relist below
        events++
        if (event.type === 'BOOKMARK') continue
        await report(event.object, event.type)
      }
    } catch {
      // A broken stream, or the abort: both are decided below.
    }
    if (signal.aborted) return
    quietRounds = events === 0 ? quietRounds + 1 : 0
    if (quietRounds === 0) backoff.succeeded()
    if (quietRounds > 1) await backoff.wait(ctx.clock, signal)
    version = (await relist(ctx, kind, opts, seen, report)) ?? version
  }
}

/** Reports what changed since the last report; the list's version, or undefined when the list failed. */
async function relist<K extends Kind>(
  ctx: Ctx,
  kind: K,
  opts: ListOptions,
  seen: Map<string, ObjectOf<K>>,
  report: (obj: ObjectOf<K>, type: WatchEventType) => Promise<void>,
): Promise<string | undefined> {
  if (ctx.signal.aborted) return undefined
  try {
    const list = await ctx.client.list(kind, opts)
    const names = new Set(list.items.map((o) => o.metadata.name))
    for (const item of list.items) await report(item, seen.has(item.metadata.name) ? 'MODIFIED' : 'ADDED')
    for (const [name, old] of [...seen]) if (!names.has(name)) await report(old, 'DELETED')
    return list.metadata.resourceVersion
  } catch {
    return undefined // the apiserver is away: the next round retries, with backoff
  }
}
