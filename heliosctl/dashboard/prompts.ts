/** @module The words of the dashboard's prompts, status line and key hints (pure strings, so tests can match them). */
import type { Connection, DeploymentAction } from './snapshot.js'
import type { Tone } from './tone.js'
import type { UiState } from './ui-state.js'

const QUESTIONS: Record<DeploymentAction, (name: string) => string> = {
  stop: (name) => `Stop deployment "${name}" (goal STOP on all its hosts)?`,
  start: (name) => `Start deployment "${name}" (goal START on all its hosts)?`,
  undo: (name) => `Roll back deployment "${name}" to its previous revision?`,
}

/** `Stop deployment "web" (goal STOP on all its hosts)? [y/N]` */
export const confirmQuestion = (action: DeploymentAction, name: string): string => `${QUESTIONS[action](name)} [y/N]`

/** What the status line says about the connection, and in which tone. */
export function connectionText(connection: Connection): { text: string; tone: Tone } {
  switch (connection.state) {
    case 'connecting':
      return { text: '◌ connecting…', tone: 'busy' }
    case 'live':
      return { text: '● live', tone: 'ok' }
    case 'reconnecting':
      return { text: `✗ reconnecting…${connection.error ? ` ${connection.error}` : ''}`, tone: 'bad' }
  }
}

/** The key hints of the current screen, with the active filter. */
export function keyHints(ui: UiState): string {
  const filter = ui.screen === 'detail' ? ui.filters.detail : ui.filters.overview
  const shown = filter ? `filter "${filter}" (esc clears)  ` : ''
  const moves = ui.screen === 'detail' ? '↑↓/jk move  esc back' : '↑↓/jk move  tab pane  enter open'
  return `${shown}${moves}  / filter  s stop  S start  u undo  ? help  q quit`
}

export const HELP_LINES: ReadonlyArray<readonly [string, string]> = [
  ['↑ ↓  k j', 'move the selection (PgUp/PgDn by 10); Events follow the newest at the bottom'],
  ['tab  shift-tab', 'next / previous pane: Hosts, Deployments, Tasks, Events'],
  ['enter', "open the selected Deployment (or the selected Task's): its Task on every host"],
  ['esc', 'back to the overview; clears the filter'],
  ['/', 'filter rows by text (enter keeps it, esc clears it)'],
  ['s', 'stop the selected Deployment: goal STOP (asks y/n)'],
  ['S', 'start the selected Deployment: goal START (asks y/n)'],
  ['u', 'roll back to the previous revision, as `heliosctl rollout undo` (asks y/n)'],
  ['?', 'this help (any key closes it)'],
  ['q  ctrl-c', 'quit'],
]
