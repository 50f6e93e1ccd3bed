/** @module Test helper: the watch streams of the fake apiserver (NDJSON events after a resourceVersion, 410 Expired, dropped streams). */
import type { ServerResponse } from 'node:http'
import { type AnyObject, ApiError, type WatchEventType } from '../../apis/index.js'

interface Recorded {
  revision: number
  type: WatchEventType
  object: AnyObject
}

interface Stream {
  kind: string
  matches: (obj: AnyObject) => boolean
  res: ServerResponse
}

/** Every change the fake stores, replayed to watchers from the version they ask for. */
export class FakeWatchHub {
  private readonly history: Recorded[] = []
  private readonly streams = new Set<Stream>()
  /** Watches from a version below this get 410 Expired (the store's window has moved on). */
  private oldestKept = 0

  private latest = 0

  publish(revision: number, type: WatchEventType, object: AnyObject): void {
    this.latest = Math.max(this.latest, revision)
    const event = { revision, type, object }
    this.history.push(event)
    for (const stream of this.streams) this.send(stream, event)
  }

  /** Serves `?watch=1[&resourceVersion=N]`: events after N (all current objects as ADDED without N), then live ones. */
  serve(res: ServerResponse, kind: string, from: string | null, matches: (obj: AnyObject) => boolean): void {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    const stream: Stream = { kind, matches, res }
    const since = Number(from ?? 0)
    if (from !== null && since < this.oldestKept) {
      const expired = new ApiError('Expired', `resourceVersion ${since} is too old`)
      res.end(`${JSON.stringify({ type: 'ERROR', object: expired.toStatus() })}\n`)
      return
    }
    for (const event of this.history) if (event.revision > since) this.send(stream, event)
    this.streams.add(stream)
    res.on('close', () => this.streams.delete(stream))
  }

  /** Ends every stream with ERROR 410 and forgets all history: watchers must relist. */
  expire(): void {
    this.oldestKept = this.latest
    const expired = new ApiError('Expired', 'the watch window moved on')
    for (const stream of this.streams)
      stream.res.end(`${JSON.stringify({ type: 'ERROR', object: expired.toStatus() })}\n`)
    this.streams.clear()
  }

  /** Ends every stream without a word, as a restarting apiserver does. */
  drop(): void {
    for (const stream of this.streams) stream.res.end()
    this.streams.clear()
  }

  /** Open watch streams. */
  get open(): number {
    return this.streams.size
  }

  private send(stream: Stream, event: Recorded): void {
    if (event.object.kind !== stream.kind || !stream.matches(event.object)) return
    stream.res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`)
  }
}
