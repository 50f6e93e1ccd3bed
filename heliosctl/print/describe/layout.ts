/** @module The shape of `describe` text (kubectl's): aligned `Label:  value` lines, titled sections, indented tables. */
import { age } from '../duration.js'
import { oneLine } from '../terminal-text.js'
import { utcTimestamp } from '../timestamp.js'

/** A value, a list of lines (indented under its label), or absent (`<none>`). */
export type Value = string | number | boolean | readonly string[] | undefined

/**
 * `Label:  value` lines with the values aligned; a list value goes on the lines below its label. A stored value
 * stays on its own line (newlines and control characters escaped), so it cannot pose as more fields.
 */
export function fields(pairs: ReadonlyArray<readonly [string, Value]>, indent = 0): string[] {
  const pad = ' '.repeat(indent)
  const width = Math.max(0, ...pairs.map(([label]) => label.length + 1)) + 2
  return pairs.flatMap(([label, value]) => {
    const head = `${pad}${`${label}:`.padEnd(width)}`
    if (Array.isArray(value))
      return value.length === 0
        ? [`${head}<none>`]
        : [`${pad}${label}:`, ...value.map((line) => `${pad}  ${oneLine(line)}`)]
    return [`${head}${text(value as Exclude<Value, readonly string[]>)}`.trimEnd()]
  })
}

/** `Title:` and the lines under it, indented by two; `Title:  <none>` when empty. */
export function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [`${title}:  <none>`] : [`${title}:`, ...lines.map((line) => `  ${line}`)]
}

/** `2024-05-01 12:00:00.000 UTC (3d ago)`. */
export function when(iso: string | undefined, now: number): string {
  if (!iso) return '<unknown>'
  return `${utcTimestamp(iso)} UTC (${age(iso, now)} ago)`
}

/** `k=v` lines, sorted by key. */
export const pairsOf = (map: Readonly<Record<string, string>>): string[] =>
  Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)

const text = (value: string | number | boolean | undefined): string =>
  value === undefined || value === '' ? '<none>' : oneLine(String(value))
