/** @module The Deployments pane: one row per Deployment with its rollout state and a progress bar of hosts done. */
import type { Deployment, HostFailure } from '../../apis/index.js'
import { type RolloutView, rolloutHosts, rolloutView } from '../rollout-progress.js'
import { cell, type Row, type TableModel } from './row.js'
import { rolloutTone } from './tone.js'

const HEADER = ['NAME', 'JOB', 'REV', 'STATE', 'PROGRESS', 'GOAL']
const BAR_WIDTH = 10

export interface RolloutProgress {
  /** The rollout's state as users see it (REVERTING, REVERTED); PENDING while the controller has not yet seen the newest spec. */
  state: RolloutView | 'PENDING'
  done: number
  total: number
  /** done / total, 0..1 (0 when there are no hosts). */
  fraction: number
  revision: number | undefined
  /** Why a rollout failed, or what it waits for. */
  message?: string
  /** The host failure that ended the rollout (or started its revert), with its last log lines. */
  failure?: HostFailure
}

/** How far the Deployment's rollout is, from status.rollout as the controller last wrote it. */
export function rolloutProgress(d: Deployment): RolloutProgress {
  const rollout = d.status?.rollout
  const seen = d.status?.observedGeneration === d.metadata.generation
  const total = rollout ? rolloutHosts(rollout).length : (d.status?.hosts.length ?? 0)
  const done = rollout?.done.length ?? 0
  return {
    state: !seen && d.metadata.generation !== undefined ? 'PENDING' : rolloutView(rollout),
    done,
    total,
    fraction: total === 0 ? 0 : done / total,
    revision: rollout?.revision ?? d.status?.revisions.at(-1)?.revision,
    message: rollout?.message,
    ...(rollout?.failure ? { failure: rollout.failure } : {}),
  }
}

/** `██████░░░░ 3/5`: `width` blocks filled in proportion to `fraction`. */
export function progressBar(progress: Pick<RolloutProgress, 'done' | 'total' | 'fraction'>, width = BAR_WIDTH): string {
  const filled = Math.round(Math.max(0, Math.min(1, progress.fraction)) * width)
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${progress.done}/${progress.total}`
}

/** Deployments sorted by name. */
export function deploymentTable(deployments: readonly Deployment[]): TableModel {
  const rows = [...deployments]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((d): Row => {
      const progress = rolloutProgress(d)
      const tone = rolloutTone(progress.state)
      return {
        key: d.metadata.name,
        cells: [
          cell(d.metadata.name),
          cell(d.spec.job),
          cell(progress.revision),
          cell(d.spec.paused ? `${progress.state},Paused` : progress.state, tone),
          cell(progressBar(progress), tone),
          cell(d.spec.goal, d.spec.goal === 'STOP' ? 'off' : undefined),
        ],
      }
    })
  return { title: 'Deployments', header: HEADER, rows }
}
