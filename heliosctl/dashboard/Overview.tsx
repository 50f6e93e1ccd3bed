/** @module The overview screen: Hosts, Deployments, Tasks and the Event feed, sized to the terminal. */
import { Box } from 'ink'
import { overviewHeights } from './layout.js'
import type { OverviewModel } from './screens.js'
import { TablePane } from './TablePane.js'
import { PANES, type UiState } from './ui-state.js'

export function Overview({
  model,
  ui,
  rows,
  color,
}: {
  model: OverviewModel
  ui: UiState
  rows: number
  color: boolean
}) {
  const heights = overviewHeights(rows, {
    hosts: model.hosts.rows.length,
    deployments: model.deployments.rows.length,
    tasks: model.tasks.rows.length,
    events: model.events.rows.length,
  })
  return (
    <Box flexDirection="column">
      {PANES.map((pane) => (
        <TablePane
          key={pane}
          table={model[pane]}
          height={heights[pane]}
          cursor={ui.cursors[pane]}
          focused={ui.pane === pane}
          color={color}
        />
      ))}
    </Box>
  )
}
