/** @module Aligned text tables: a header row and data rows, columns padded to their widest cell, cells kept to one short line. */
import { oneLine } from './terminal-text.js'

/** The most characters a cell shows in a human table (kubectl-like tables stay readable; `-o wide` shows all). */
export const CELL_WIDTH = 80

export interface TableOptions {
  /** Spaces between columns: kubectl uses 3, Helios 2. */
  gap?: number
  /** Longest cell before it is cut with `…` (default CELL_WIDTH; Infinity for `-o wide`). */
  maxCellWidth?: number
}

/**
 * A cell as a table shows it: on one line (newlines, tabs and control characters escaped) and at most `max`
 * characters, so one huge stored value cannot widen every row (a 260,000-character name once made `jobs` write 720 MB).
 */
export function cellText(text: string, max = CELL_WIDTH): string {
  const line = oneLine(text)
  if (line.length <= max) return line
  const cut = line.slice(0, Math.max(0, max - 1))
  // Never end on half a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`
}

/** Renders `header` and `rows` as lines (no trailing newline, no trailing spaces). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  opts: TableOptions = {},
): string[] {
  const gap = ' '.repeat(opts.gap ?? 3)
  const all = [header, ...rows].map((row) => row.map((cell) => cellText(cell, opts.maxCellWidth)))
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)))
  return all.map((row) =>
    header
      .map((_, col) => (row[col] ?? '').padEnd(widths[col] ?? 0))
      .join(gap)
      .trimEnd(),
  )
}

/** `<none>` for empty cells, as kubectl prints. */
export const orNone = (text: string | undefined): string => (text ? text : '<none>')
