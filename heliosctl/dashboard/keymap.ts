/** @module Keys to commands, as a pure function of the key, the UI state and the snapshot (k9s-like bindings). */
import { focusedRowCount, selectedDeployment } from './screens.js'
import type { DeploymentAction, Snapshot } from './snapshot.js'
import type { UiAction, UiState } from './ui-state.js'

/** The parts of Ink's `Key` the dashboard reads. */
export interface KeyPress {
  upArrow?: boolean
  downArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  tab?: boolean
  shift?: boolean
  return?: boolean
  escape?: boolean
  backspace?: boolean
  delete?: boolean
  ctrl?: boolean
  meta?: boolean
}

export type Command =
  | { type: 'ui'; action: UiAction }
  | { type: 'quit' }
  | { type: 'run'; action: DeploymentAction; deployment: string }
  | { type: 'none' }

const CONTROL_KEYS: Record<string, KeyPress> = {
  '\t': { tab: true },
  '\r': { return: true },
  '\n': { return: true },
  '\u007F': { backspace: true },
  '\b': { backspace: true },
}

/**
 * Ink hands over keys that arrive together (fast typing, `tmux send-keys Tab Enter`, a paste) as one string;
 * split them so that each counts as its own key press.
 */
export function splitKeys(input: string, key: KeyPress): Array<[string, KeyPress]> {
  if (input.length <= 1 || key.ctrl || key.meta) return [[input, key]]
  return [...input].map((c): [string, KeyPress] => {
    const control = CONTROL_KEYS[c]
    return control ? ['', control] : [c, {}]
  })
}

const ACTION_KEYS: Record<string, DeploymentAction> = { s: 'stop', S: 'start', u: 'undo' }
const PAGE = 10

const ui = (action: UiAction): Command => ({ type: 'ui', action })

/** What `input`/`key` means now: prompts and the filter line take keys before the screen does. */
export function commandFor(input: string, key: KeyPress, state: UiState, snap: Snapshot): Command {
  if (key.ctrl && input === 'c') return { type: 'quit' }
  if (state.confirm) {
    if (input === 'y' || input === 'Y') return { type: 'run', ...state.confirm }
    return ui({ type: 'cancelConfirm' })
  }
  if (state.editingFilter) return filterCommand(input, key)
  if (input === 'q') return { type: 'quit' }
  if (state.help) return ui({ type: 'toggleHelp' })
  const count = focusedRowCount(snap, state)
  if (key.upArrow || input === 'k') return ui({ type: 'move', by: -1, count })
  if (key.downArrow || input === 'j') return ui({ type: 'move', by: 1, count })
  if (key.pageUp) return ui({ type: 'move', by: -PAGE, count })
  if (key.pageDown) return ui({ type: 'move', by: PAGE, count })
  if (key.tab)
    return state.screen === 'overview' ? ui({ type: 'switchPane', by: key.shift ? -1 : 1 }) : { type: 'none' }
  if (key.escape) return escapeCommand(state)
  if (key.return) return openCommand(state, snap)
  if (input === '?') return ui({ type: 'toggleHelp' })
  if (input === '/') return ui({ type: 'filterStart' })
  const action = ACTION_KEYS[input]
  if (action) return askCommand(action, state, snap)
  return { type: 'none' }
}

function filterCommand(input: string, key: KeyPress): Command {
  if (key.escape) return ui({ type: 'filterCancel' })
  if (key.return) return ui({ type: 'filterDone' })
  if (key.backspace || key.delete) return ui({ type: 'filterErase' })
  if (key.ctrl || key.meta || !input || key.upArrow || key.downArrow || key.tab) return { type: 'none' }
  return ui({ type: 'filterType', text: input })
}

function escapeCommand(state: UiState): Command {
  if (state.screen === 'detail') return ui({ type: 'back' })
  return state.filters.overview ? ui({ type: 'filterCancel' }) : { type: 'none' }
}

function openCommand(state: UiState, snap: Snapshot): Command {
  if (state.screen === 'detail') return { type: 'none' }
  const deployment = selectedDeployment(snap, state)
  if (deployment) return ui({ type: 'open', deployment })
  return ui({ type: 'notice', notice: { text: 'enter opens a Deployment: select one in Deployments or Tasks' } })
}

function askCommand(action: DeploymentAction, state: UiState, snap: Snapshot): Command {
  const deployment = selectedDeployment(snap, state)
  if (deployment) return ui({ type: 'ask', action, deployment })
  return ui({
    type: 'notice',
    notice: { text: 'select a Deployment first (tab to Deployments or Tasks)', tone: 'busy' },
  })
}
