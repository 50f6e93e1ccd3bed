/** @module What `get -w` prints: the first table (or documents), then one aligned row (or document) per change. */
import type { HeliosObject, Kind } from '../../apis/index.js'
import { type GetTableOptions, getRows } from './get-table.js'
import { objectRef } from './object-ref.js'
import { toJson, toYaml } from './output.js'
import { cellText } from './table.js'

export type GetFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name'

/** Per-call facts the rows need (the time for AGE, the Tasks for a Deployment's READY). */
export type RowFacts = Omit<GetTableOptions, 'wide'>

export interface WatchPrinter {
  /** The objects at the start of the watch; a table has its header. */
  initial(objects: readonly HeliosObject[], facts: RowFacts): string
  /** One changed object: one row (with the header if none was printed yet), or one document. */
  change(obj: HeliosObject, facts: RowFacts): string
}

const GAP = '   '

/** Tracks column widths and YAML separators across calls, so the output reads as one growing table. */
export function watchPrinter(kind: Kind, format: GetFormat): WatchPrinter {
  let widths: number[] | undefined
  let documents = 0
  const doc = (obj: HeliosObject): string => {
    if (format === 'json') return toJson(obj)
    if (format === 'yaml') return (documents++ > 0 ? '---\n' : '') + toYaml(obj)
    return `${objectRef(obj)}\n`
  }
  const rows = (objects: readonly HeliosObject[], facts: RowFacts): string => {
    const { header, rows } = getRows(kind, objects, { ...facts, wide: format === 'wide' })
    const printHeader = widths === undefined
    const max = format === 'wide' ? Number.POSITIVE_INFINITY : undefined
    const lines = (printHeader ? [header, ...rows] : rows).map((cells) => cells.map((c) => cellText(c, max)))
    widths = (widths ?? header.map(() => 0)).map((w, col) => Math.max(w, ...lines.map((r) => (r[col] ?? '').length)))
    return lines.map((cells) => `${align(cells, widths ?? [])}\n`).join('')
  }
  const isTable = format === 'table' || format === 'wide'
  return {
    initial: (objects, facts) =>
      isTable ? (objects.length > 0 ? rows(objects, facts) : '') : objects.map(doc).join(''),
    change: (obj, facts) => (isTable ? rows([obj], facts) : doc(obj)),
  }
}

const align = (cells: readonly string[], widths: readonly number[]): string =>
  widths
    .map((w, col) => (cells[col] ?? '').padEnd(w))
    .join(GAP)
    .trimEnd()
