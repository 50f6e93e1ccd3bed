/** @module watchLine: a watch event as one NDJSON line, encoded once per stored object and event type and shared by every stream. */
import type { WatchEvent } from '../apis/index.js'

type LineType = WatchEvent<unknown>['type']

// Keyed by the watch cache's frozen objects, held weakly: a thousand streams sending one change (or replaying one
// list) hold one Buffer between them, not a thousand strings, and a line nobody holds any more costs nothing.
const shared = new WeakMap<object, Map<LineType, WeakRef<Buffer>>>()

/** The event's JSON and a newline. */
export function watchLine(event: WatchEvent<unknown>): Buffer {
  const { object } = event
  if (object === null || typeof object !== 'object' || !Object.isFrozen(object)) return encode(event)
  let byType = shared.get(object)
  if (!byType) {
    byType = new Map()
    shared.set(object, byType)
  }
  let line = byType.get(event.type)?.deref()
  if (!line) {
    line = encode(event)
    byType.set(event.type, new WeakRef(line))
  }
  return line
}

function encode(event: WatchEvent<unknown>): Buffer {
  const text = `${JSON.stringify(event)}\n`
  // Outside Node's 8 KiB pool: a kept small line must not pin a whole shared slab.
  const line = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  line.write(text)
  return line
}
