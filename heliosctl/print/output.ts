/** @module Machine-readable output: pretty JSON and YAML documents, and kubectl's List wrapper. */
import { isScalar, parseDocument, Scalar, stringify, visit } from 'yaml'
import { sortKeys } from './sorted-keys.js'
import { hasUnsafe, inert } from './terminal-text.js'

/**
 * Indented JSON with a trailing newline. JSON.stringify escapes C0 but leaves DEL, C1 and bidi controls raw;
 * they are written as `\uXXXX` too, which JSON reads back as the same string: the values stay exact.
 */
export const toJson = (value: unknown): string => inert(`${JSON.stringify(value, null, 2)}\n`)

/** toJson with object keys sorted at every level, as Helios' Json printed its descriptors (SORT_PROPERTIES_ALPHABETICALLY). */
export const toSortedJson = (value: unknown): string => toJson(sortKeys(value))

/**
 * One YAML document with a trailing newline. A string holding a control or bidi character is double-quoted,
 * where YAML has escapes for all of them (`\e`, `\u202e`): the document reads back as the same values, and no
 * raw control character reaches the terminal.
 */
export function toYaml(value: unknown): string {
  const text = stringify(value, { lineWidth: 0 })
  if (!hasUnsafe(text)) return text
  const doc = parseDocument(text)
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && hasUnsafe(node.value)) node.type = Scalar.QUOTE_DOUBLE
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && hasUnsafe(pair.key.value))
        pair.key.type = Scalar.QUOTE_DOUBLE
    },
  })
  return inert(doc.toString({ lineWidth: 0 }))
}

/** What `get KIND -o json|yaml` prints for several objects. */
export const asList = (items: unknown[]): { apiVersion: string; kind: 'List'; items: unknown[] } => ({
  apiVersion: 'helios/v1',
  kind: 'List',
  items,
})
