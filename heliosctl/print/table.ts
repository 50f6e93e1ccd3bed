/** @module Aligned text tables: a header row and data rows, columns padded to their widest cell. */

export interface TableOptions {
  /** Spaces between columns: kubectl uses 3, Helios 2. */
  gap?: number
}

/** Renders `header` and `rows` as lines (no trailing newline, no trailing spaces). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  opts: TableOptions = {},
): string[] {
  const gap = ' '.repeat(opts.gap ?? 3)
  const all = [header, ...rows]
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
