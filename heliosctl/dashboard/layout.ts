/** @module How many table rows each pane gets so that a screen never grows taller than the terminal. */
import { PANES, type Pane } from './ui-state.js'

/** Lines every screen spends outside its tables: the title bar, the status line and the key hints. */
const CHROME = 3
/** Lines each table spends on its title and column header. */
const TABLE_CHROME = 2
/** Keeps Ink from clearing the whole terminal, which it does when the output reaches its last line. */
const SPARE = 1

/**
 * Row lines per overview pane for a terminal of `rows` lines: hosts, deployments and tasks get up to a
 * quarter each, events the rest; space a pane does not need goes to the others. Every pane gets at least 1.
 */
export function overviewHeights(rows: number, counts: Record<Pane, number>): Record<Pane, number> {
  let left = Math.max(PANES.length, rows - CHROME - SPARE - PANES.length * TABLE_CHROME)
  const quarter = Math.max(1, Math.floor(left / 4))
  const heights = { hosts: 1, deployments: 1, tasks: 1, events: 1 }
  left -= PANES.length
  // First pass: each pane up to its cap (events uncapped); second pass: leftovers to whoever still has rows.
  for (const cap of [quarter, Number.POSITIVE_INFINITY]) {
    for (const pane of PANES) {
      const limit = pane === 'events' ? Number.POSITIVE_INFINITY : cap
      const want = Math.min(counts[pane], limit) - heights[pane]
      const give = Math.max(0, Math.min(want, left))
      heights[pane] += give
      left -= give
    }
  }
  return heights
}

/** Row lines for the detail screen's Task table and Event table (`infoLines` = the lines above them). */
export function detailHeights(rows: number, taskCount: number, infoLines: number): { tasks: number; events: number } {
  const left = Math.max(2, rows - CHROME - SPARE - infoLines - 2 * TABLE_CHROME)
  const tasks = Math.max(1, Math.min(taskCount, left - Math.min(5, Math.floor(left / 3))))
  return { tasks, events: Math.max(1, left - tasks) }
}
