/** @module One titled table of a screen: column header, the rows in view, the selected row marked. */
import { Box, Text } from 'ink'
import { clampCursor, columnWidths, type Row, type TableModel, visibleWindow } from './row.js'
import { inkColor } from './tone.js'

export interface TablePaneProps {
  table: TableModel
  /** Row lines available (the title and column header come on top). */
  height: number
  /** Selected row; undefined = none selected, the newest rows in view. */
  cursor: number | undefined
  focused: boolean
  color: boolean
}

const GAP = '  '

export function TablePane({ table, height, cursor, focused, color }: TablePaneProps) {
  const widths = columnWidths(table)
  const count = table.rows.length
  const { start, end } = visibleWindow(count, cursor, height)
  const selected = focused && cursor !== undefined && count > 0 ? clampCursor(cursor, count) : undefined
  const range = count > end - start ? `, ${start + 1}-${end}` : ''
  return (
    <Box flexDirection="column">
      <Text bold color={inkColor(focused ? 'accent' : undefined, color)} wrap="truncate">
        {focused ? '▸ ' : '  '}
        {table.title} ({count}
        {range})
      </Text>
      <Text bold wrap="truncate">
        {'  '}
        {table.header.map((h, col) => pad(h, widths, col)).join(GAP)}
      </Text>
      {count === 0 ? <Text wrap="truncate">{'  '}(none)</Text> : null}
      {table.rows.slice(start, end).map((row, i) => (
        <RowLine key={row.key} row={row} widths={widths} isSelected={start + i === selected} color={color} />
      ))}
    </Box>
  )
}

function RowLine({
  row,
  widths,
  isSelected,
  color,
}: {
  row: Row
  widths: number[]
  isSelected: boolean
  color: boolean
}) {
  return (
    <Text wrap="truncate" inverse={isSelected && color}>
      {isSelected ? '› ' : '  '}
      {row.cells.map((c, col) => (
        <Text key={String(col)} color={inkColor(c.tone, color)}>
          {col > 0 ? GAP : ''}
          {pad(c.text, widths, col)}
        </Text>
      ))}
    </Text>
  )
}

/** Pads every column but the last to its width. */
const pad = (text: string, widths: number[], col: number): string =>
  col === widths.length - 1 ? text : text.padEnd(widths[col] ?? 0)
