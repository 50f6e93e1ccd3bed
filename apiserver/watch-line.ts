/** @module Watch lines: a watch event as one NDJSON line, encoded once and shared by every stream that sends it. */
import { API_VERSION, type Kind, type WatchEvent } from '../apis/index.js'

export type WatchLineType = WatchEvent<unknown>['type']

const SUFFIX = '}\n'
const TYPES: readonly WatchLineType[] = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']
/** `{"type":"<type>","object":`, which every line of that type starts with. */
const PREFIXES = new Map(TYPES.map((type) => [type, JSON.stringify({ type, object: null }).slice(0, -'null}'.length)]))
const prefixOf = (type: WatchLineType): string => PREFIXES.get(type) ?? `{"type":${JSON.stringify(type)},"object":`

/** `{"type":…,"object":…}` and a newline, exactly JSON.stringify({type, object}); throws when `object` is not JSON. */
export function encodeLine(type: WatchLineType, object: unknown): Buffer {
  const json = JSON.stringify(object)
  if (json === undefined) throw new TypeError(`a ${type} watch event without an object`)
  return toBuffer(prefixOf(type) + json + SUFFIX)
}

/** The same event under another type (a change a selector turns into ADDED or DELETED): copied, not encoded again. */
export function retypeLine(line: Buffer, from: WatchLineType, to: WatchLineType): Buffer {
  const skip = Buffer.byteLength(prefixOf(from))
  const head = Buffer.from(prefixOf(to))
  const out = Buffer.allocUnsafeSlow(head.length + line.length - skip)
  head.copy(out)
  line.copy(out, head.length, skip)
  return out
}

// Keyed by the watch cache's frozen objects, held weakly: a thousand streams replaying one list hold one Buffer per
// object between them, and a line nobody holds any more costs nothing.
const shared = new Map<WatchLineType, WeakMap<object, WeakRef<Buffer>>>()

/** The event's line; for a frozen object, the one Buffer every stream sending it shares while any holds it. */
export function watchLine(event: WatchEvent<unknown>): Buffer {
  const { type, object } = event
  if (object === null || typeof object !== 'object' || !Object.isFrozen(object)) return encodeLine(type, object)
  let byObject = shared.get(type)
  if (!byObject) {
    byObject = new WeakMap()
    shared.set(type, byObject)
  }
  let line = byObject.get(object)?.deref()
  if (!line) {
    line = encodeLine(type, object)
    byObject.set(object, new WeakRef(line))
  }
  return line
}

const bookmarks = new Map<Kind, { resourceVersion: string; line: Buffer }>()

/** A BOOKMARK at `resourceVersion`: one line per kind and version, however many idle streams send it. */
export function bookmarkLine(kind: Kind, resourceVersion: string): Buffer {
  const last = bookmarks.get(kind)
  if (last?.resourceVersion === resourceVersion) return last.line
  const line = encodeLine('BOOKMARK', { kind, apiVersion: API_VERSION, metadata: { resourceVersion } })
  bookmarks.set(kind, { resourceVersion, line })
  return line
}

function toBuffer(text: string): Buffer {
  // Outside Node's 8 KiB pool: a kept small line must not pin a whole shared slab.
  const line = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  line.write(text)
  return line
}
