/** @module Whether a query's question name has a label holding a '.', which dns-packet's dotted name cannot show. */

const HEADER_BYTES = 12
const DOT = 0x2e
/** More jumps than a name has labels is a pointer loop. */
const MAX_HOPS = 128

/**
 * Reads the first question's labels from the wire: dns-packet joins `\_web\.\_http` (one label) and `_web._http`
 * (two) into the same text, so a name with such a label would be answered as another name.
 */
export function questionHasDottedLabel(query: Buffer): boolean {
  let offset = HEADER_BYTES
  for (let hop = 0; hop < MAX_HOPS && offset < query.length; hop++) {
    const length = query[offset] ?? 0
    if (length === 0) return false
    if ((length & 0xc0) === 0xc0) {
      if (offset + 1 >= query.length) return false
      offset = query.readUInt16BE(offset) & 0x3fff
      continue
    }
    if (query.subarray(offset + 1, offset + 1 + length).includes(DOT)) return true
    offset += 1 + length
  }
  return false
}
