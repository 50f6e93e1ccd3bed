/** @module Tables as the screens draw them: rows of cells with tones, filtering, column widths, scrolling windows. */
import { cellText } from '../print/table.js'
import type { Tone } from './tone.js'

export interface Cell {
  text: string
  tone?: Tone
}

export interface Row {
  /** Stable identity (an object name), used for selection and React keys. */
  key: string
  cells: Cell[]
}

export interface TableModel {
  title: string
  header: string[]
  rows: Row[]
}

/** Shorthand for a cell: every cell's text is made inert and kept short here, as `get` tables do (print/table.ts). */
export const cell = (text: string | number | undefined, tone?: Tone): Cell => ({
  text: cellText(String(text ?? '')),
  tone,
})

/** Rows whose text contains `filter` (case-insensitive); all rows for an empty filter. */
export function filterRows(rows: readonly Row[], filter: string): Row[] {
  const needle = filter.trim().toLowerCase()
  if (!needle) return [...rows]
  return rows.filter((row) => row.cells.some((c) => c.text.toLowerCase().includes(needle)))
}

/** The width of each column: its widest cell, header included. */
export function columnWidths(table: Pick<TableModel, 'header' | 'rows'>): number[] {
  return table.header.map((h, col) => Math.max(h.length, ...table.rows.map((r) => r.cells[col]?.text.length ?? 0)))
}

/** `cursor` kept within `0..count-1` (0 for an empty list). */
export const clampCursor = (cursor: number, count: number): number => Math.max(0, Math.min(cursor, count - 1))

/** The rows `[start, end)` to show in `height` lines with `cursor` in view (centred); `cursor` undefined = the tail. */
export function visibleWindow(
  count: number,
  cursor: number | undefined,
  height: number,
): { start: number; end: number } {
  const size = Math.max(0, height)
  if (count <= size) return { start: 0, end: count }
  const start =
    cursor === undefined
      ? count - size
      : Math.max(0, Math.min(clampCursor(cursor, count) - Math.floor(size / 2), count - size))
  return { start, end: start + size }
}
