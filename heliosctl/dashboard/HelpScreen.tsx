/** @module The `?` screen: every key binding and what it does. */
import { Box, Text } from 'ink'
import { HELP_LINES } from './prompts.js'
import { inkColor } from './tone.js'

export function HelpScreen({ color }: { color: boolean }) {
  const width = Math.max(...HELP_LINES.map(([keys]) => keys.length))
  return (
    <Box flexDirection="column">
      <Text bold color={inkColor('accent', color)}>
        Keys
      </Text>
      {HELP_LINES.map(([keys, what]) => (
        <Text key={keys} wrap="truncate">
          {'  '}
          <Text bold>{keys.padEnd(width)}</Text>
          {'  '}
          {what}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate">Data comes live from the apiserver's watch streams; when it goes away the status line</Text>
      <Text wrap="truncate">says reconnecting… and the dashboard relists by itself when it is back.</Text>
    </Box>
  )
}
