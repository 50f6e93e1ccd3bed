/** @module The detail screen of one Deployment: its rollout, its Task on every host, and its recent Events. */
import { Box, Text } from 'ink'
import { oneLine } from '../print/terminal-text.js'
import { progressBar } from './deployment-rows.js'
import { detailHeights } from './layout.js'
import type { DetailModel } from './screens.js'
import { TablePane } from './TablePane.js'
import { inkColor, rolloutTone } from './tone.js'
import type { UiState } from './ui-state.js'

const INFO_LINES = 2
/** Log lines of a failure shown at most (the full tail is in `describe deployment`). */
const FAILURE_LOG_LINES = 3

export function DeploymentDetail({
  model,
  ui,
  rows,
  color,
}: {
  model: DetailModel
  ui: UiState
  rows: number
  color: boolean
}) {
  const { deployment, progress } = model
  if (!deployment || !progress)
    return <Text color={inkColor('bad', color)}>deployment "{model.name}" not found (deleted?); esc goes back</Text>
  const failure = progress.failure
  const logLines = failure?.logTail.slice(-FAILURE_LOG_LINES) ?? []
  const heights = detailHeights(rows, model.tasks.rows.length, INFO_LINES + (failure ? 1 + logLines.length : 0))
  const tone = rolloutTone(progress.state)
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold color={inkColor('accent', color)}>
          Deployment {model.name}
        </Text>
        {'  '}job {oneLine(deployment.spec.job ?? '')}
        {'  '}goal{' '}
        <Text color={inkColor(deployment.spec.goal === 'STOP' ? 'off' : undefined, color)}>{deployment.spec.goal}</Text>
        {'  '}revision {progress.revision ?? '-'}
      </Text>
      <Text wrap="truncate">
        rollout <Text color={inkColor(tone, color)}>{progress.state}</Text> {progressBar(progress, 20)}
        {progress.message ? `  ${oneLine(progress.message)}` : ''}
      </Text>
      {failure ? (
        <Text wrap="truncate" color={inkColor('bad', color)}>
          failed on {oneLine(failure.host)}: {oneLine(failure.reason)}
        </Text>
      ) : null}
      {logLines.map((line, i) => (
        // Lines repeat; their place in the tail is what tells them apart.
        <Text key={i} wrap="truncate">
          {'  | '}
          {oneLine(line)}
        </Text>
      ))}
      <TablePane table={model.tasks} height={heights.tasks} cursor={ui.detailCursor} focused color={color} />
      <TablePane table={model.events} height={heights.events} cursor={undefined} focused={false} color={color} />
    </Box>
  )
}
