/** @module The dashboard's own state (screen, focused pane, cursors, filter, prompts) and its pure reducer. */
import type { DeploymentAction } from './snapshot.js'
import type { Tone } from './tone.js'

export const PANES = ['hosts', 'deployments', 'tasks', 'events'] as const
export type Pane = (typeof PANES)[number]

export interface Notice {
  text: string
  tone?: Tone
}

export interface UiState {
  screen: 'overview' | 'detail'
  /** The focused pane of the overview. */
  pane: Pane
  /** Row index per pane; for events undefined means "follow the newest". */
  cursors: Record<Pane, number | undefined>
  /** The Deployment the detail screen shows. */
  detail?: string
  detailCursor: number
  /** Text filter per screen (the detail screen's is cleared when it opens). */
  filters: { overview: string; detail: string }
  editingFilter: boolean
  /** An action waiting for y/n. */
  confirm?: { action: DeploymentAction; deployment: string }
  help: boolean
  /** The last action's outcome, or a hint. */
  notice?: Notice
}

export type UiAction =
  | { type: 'move'; by: number; count: number }
  | { type: 'switchPane'; by: 1 | -1 }
  | { type: 'open'; deployment: string }
  | { type: 'back' }
  | { type: 'filterStart' }
  | { type: 'filterType'; text: string }
  | { type: 'filterErase' }
  | { type: 'filterDone' }
  | { type: 'filterCancel' }
  | { type: 'ask'; action: DeploymentAction; deployment: string }
  | { type: 'cancelConfirm' }
  | { type: 'toggleHelp' }
  | { type: 'notice'; notice: Notice | undefined }

export const initialUi: UiState = {
  screen: 'overview',
  pane: 'hosts',
  cursors: { hosts: 0, deployments: 0, tasks: 0, events: undefined },
  detailCursor: 0,
  filters: { overview: '', detail: '' },
  editingFilter: false,
  help: false,
}

/** The next UI state; never touches data (that lives in the Snapshot). */
export function reduceUi(ui: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'move':
      return move(ui, action.by, action.count)
    case 'switchPane': {
      const next = (PANES.indexOf(ui.pane) + action.by + PANES.length) % PANES.length
      return { ...ui, pane: PANES[next] ?? 'hosts' }
    }
    case 'open':
      return {
        ...ui,
        screen: 'detail',
        detail: action.deployment,
        detailCursor: 0,
        filters: { ...ui.filters, detail: '' },
      }
    case 'back':
      return { ...ui, screen: 'overview', detail: undefined, editingFilter: false }
    case 'filterStart':
      return { ...ui, editingFilter: true }
    case 'filterType':
      return setFilter(ui, filterOf(ui) + action.text)
    case 'filterErase':
      return setFilter(ui, filterOf(ui).slice(0, -1))
    case 'filterDone':
      return { ...ui, editingFilter: false }
    case 'filterCancel':
      return { ...setFilter(ui, ''), editingFilter: false }
    case 'ask':
      return { ...ui, confirm: { action: action.action, deployment: action.deployment }, notice: undefined }
    case 'cancelConfirm':
      return { ...ui, confirm: undefined }
    case 'toggleHelp':
      return { ...ui, help: !ui.help }
    case 'notice':
      return { ...ui, notice: action.notice }
  }
}

/** The filter of the current screen. */
export const filterOf = (ui: UiState): string => (ui.screen === 'detail' ? ui.filters.detail : ui.filters.overview)

function setFilter(ui: UiState, text: string): UiState {
  const filters = ui.screen === 'detail' ? { ...ui.filters, detail: text } : { ...ui.filters, overview: text }
  // A new filter shows other rows: start from the top (events: from the newest).
  if (ui.screen === 'detail') return { ...ui, filters, detailCursor: 0 }
  return { ...ui, filters, cursors: { ...initialUi.cursors } }
}

function move(ui: UiState, by: number, count: number): UiState {
  if (ui.screen === 'detail') return { ...ui, detailCursor: clamp(ui.detailCursor + by, count) }
  const current = ui.cursors[ui.pane]
  if (ui.pane !== 'events') return { ...ui, cursors: { ...ui.cursors, [ui.pane]: clamp((current ?? 0) + by, count) } }
  // Events follow the newest until the user moves up; moving past the newest follows again.
  const next = (current ?? count - 1) + by
  return { ...ui, cursors: { ...ui.cursors, events: next >= count - 1 ? undefined : clamp(next, count) } }
}

const clamp = (n: number, count: number): number => Math.max(0, Math.min(n, count - 1))
