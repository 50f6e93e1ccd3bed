/** @module The dashboard's root component: reads the source, keeps the UI state, maps keys to commands. */
import { Box, type Key, Text, useApp, useInput } from 'ink'
import { useCallback } from 'react'
import { DeploymentDetail } from './DeploymentDetail.js'
import { HelpScreen } from './HelpScreen.js'
import { commandFor, splitKeys } from './keymap.js'
import { Overview } from './Overview.js'
import { StatusBar } from './StatusBar.js'
import { detailModel, overviewModel } from './screens.js'
import type { DashboardSource, DeploymentAction, Snapshot } from './snapshot.js'
import { inkColor } from './tone.js'
import type { UiAction } from './ui-state.js'
import { useSnapshot } from './use-snapshot.js'
import { type TerminalSize, useTerminalSize } from './use-terminal-size.js'
import { useUiState } from './use-ui-state.js'

export interface AppProps {
  source: DashboardSource
  /** Colours on or off (print/style.ts wantsColor: a terminal and no NO_COLOR). */
  color: boolean
  /** A fixed terminal size (tests); else the real one, followed on resize. */
  size?: TerminalSize
}

const DOING: Record<DeploymentAction, string> = { stop: 'stopping', start: 'starting', undo: 'rolling back' }

export function App({ source, color, size }: AppProps) {
  const snap = useSnapshot(source)
  const [ui, dispatch, currentUi] = useUiState()
  const { exit } = useApp()
  const { rows } = useTerminalSize(size)

  // Reads the newest state and snapshot, never a render's closure: keys may arrive faster than renders.
  const onKey = useCallback(
    (input: string, key: Key) => {
      for (const [one, press] of splitKeys(input, key)) {
        const command = commandFor(one, press, currentUi(), source.getSnapshot())
        if (command.type === 'quit') return exit()
        if (command.type === 'ui') dispatch(command.action)
        if (command.type === 'run') void run(source, command.action, command.deployment, dispatch)
      }
    },
    [source, exit, dispatch, currentUi],
  )
  useInput(onKey)

  return (
    <Box flexDirection="column">
      <TitleBar snap={snap} color={color} />
      {ui.help ? (
        <HelpScreen color={color} />
      ) : ui.screen === 'detail' && ui.detail ? (
        <DeploymentDetail model={detailModel(snap, ui.detail, ui)} ui={ui} rows={rows} color={color} />
      ) : (
        <Overview model={overviewModel(snap, ui)} ui={ui} rows={rows} color={color} />
      )}
      <StatusBar ui={ui} connection={snap.connection} color={color} />
    </Box>
  )
}

function TitleBar({ snap, color }: { snap: Snapshot; color: boolean }) {
  const up = snap.hosts.filter((h) => h.status?.state === 'UP').length
  return (
    <Text wrap="truncate">
      <Text bold color={inkColor('accent', color)}>
        Helios dashboard
      </Text>
      {'  '}
      {snap.server}
      {'  '}hosts {up}/{snap.hosts.length} up{'  '}deployments {snap.deployments.length}
      {'  '}tasks {snap.tasks.length}
    </Text>
  )
}

async function run(
  source: DashboardSource,
  action: DeploymentAction,
  deployment: string,
  dispatch: (a: UiAction) => void,
): Promise<void> {
  dispatch({ type: 'cancelConfirm' })
  dispatch({ type: 'notice', notice: { text: `${DOING[action]} ${deployment}…`, tone: 'busy' } })
  try {
    const text = await source.act(action, deployment)
    dispatch({ type: 'notice', notice: { text, tone: 'ok' } })
  } catch (err) {
    // The dashboard shows errors inline and runs on (style B6).
    dispatch({
      type: 'notice',
      notice: { text: `error: ${err instanceof Error ? err.message : String(err)}`, tone: 'bad' },
    })
  }
}
