/** @module Selectors: a Snapshot plus the UI state in, the filtered tables each screen draws out. */
import type { Deployment } from '../../apis/index.js'
import { deploymentTable, type RolloutProgress, rolloutProgress } from './deployment-rows.js'
import { aboutDeployment, eventTable } from './event-rows.js'
import { hostTable } from './host-rows.js'
import { clampCursor, filterRows, type TableModel } from './row.js'
import type { Snapshot } from './snapshot.js'
import { deploymentOfTask, deploymentTaskTable, taskTable } from './task-rows.js'
import { filterOf, type Pane, type UiState } from './ui-state.js'

export type OverviewModel = Record<Pane, TableModel>

export interface DetailModel {
  name: string
  /** Undefined once the Deployment is deleted (the screen says so). */
  deployment?: Deployment
  progress?: RolloutProgress
  tasks: TableModel
  events: TableModel
}

/** The four overview panes, each filtered by the overview filter. */
export function overviewModel(snap: Snapshot, ui: UiState): OverviewModel {
  const filter = ui.filters.overview
  const filtered = (t: TableModel): TableModel => ({ ...t, rows: filterRows(t.rows, filter) })
  return {
    hosts: filtered(hostTable(snap.hosts, snap.tasks)),
    deployments: filtered(deploymentTable(snap.deployments)),
    tasks: filtered(taskTable(snap.tasks)),
    events: filtered(eventTable(snap.events)),
  }
}

/** The detail screen of Deployment `name`: its Task on every host (filtered) and its recent Events. */
export function detailModel(snap: Snapshot, name: string, ui: UiState): DetailModel {
  const deployment = snap.deployments.find((d) => d.metadata.name === name)
  const events = eventTable(snap.events, aboutDeployment(name))
  if (!deployment) return { name, tasks: { title: 'Tasks', header: [], rows: [] }, events }
  const tasks = deploymentTaskTable(deployment, snap.tasks)
  return {
    name,
    deployment,
    progress: rolloutProgress(deployment),
    tasks: { ...tasks, rows: filterRows(tasks.rows, filterOf(ui)) },
    events,
  }
}

/** How many rows the cursor moves over on the current screen. */
export function focusedRowCount(snap: Snapshot, ui: UiState): number {
  if (ui.screen === 'detail') return ui.detail ? detailModel(snap, ui.detail, ui).tasks.rows.length : 0
  return overviewModel(snap, ui)[ui.pane].rows.length
}

/** The Deployment an action applies to: the open one, or the selected Deployment (or Task's Deployment) row. */
export function selectedDeployment(snap: Snapshot, ui: UiState): string | undefined {
  if (ui.screen === 'detail') return ui.detail
  if (ui.pane !== 'deployments' && ui.pane !== 'tasks') return undefined
  const rows = overviewModel(snap, ui)[ui.pane].rows
  const row = rows[clampCursor(ui.cursors[ui.pane] ?? 0, rows.length)]
  if (!row) return undefined
  return ui.pane === 'deployments' ? row.key : deploymentOfTask(row.key)
}
