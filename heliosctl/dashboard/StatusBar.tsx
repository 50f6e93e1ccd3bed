/** @module The two bottom lines: connection and last outcome, then the prompt, the filter being typed, or key hints. */
import { Box, Text } from 'ink'
import { oneLine } from '../print/terminal-text.js'
import { confirmQuestion, connectionText, keyHints } from './prompts.js'
import type { Connection } from './snapshot.js'
import { inkColor } from './tone.js'
import { filterOf, type UiState } from './ui-state.js'

export function StatusBar({ ui, connection, color }: { ui: UiState; connection: Connection; color: boolean }) {
  const status = connectionText(connection)
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text color={inkColor(status.tone, color)}>{oneLine(status.text)}</Text>
        {ui.notice ? (
          <Text color={inkColor(ui.notice.tone, color)}>
            {'  '}
            {oneLine(ui.notice.text)}
          </Text>
        ) : null}
      </Text>
      <PromptLine ui={ui} color={color} />
    </Box>
  )
}

function PromptLine({ ui, color }: { ui: UiState; color: boolean }) {
  if (ui.confirm)
    return (
      <Text bold color={inkColor('busy', color)} wrap="truncate">
        {confirmQuestion(ui.confirm.action, ui.confirm.deployment)}
      </Text>
    )
  if (ui.editingFilter) return <Text wrap="truncate">/{oneLine(filterOf(ui))}▏ (enter keeps, esc clears)</Text>
  return <Text wrap="truncate">{keyHints(ui)}</Text>
}
