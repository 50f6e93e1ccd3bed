/** @module Deployment-group output: Helios' inspect lines, status table and their JSON shapes. */
import { type Deployment, type RolloutOptions, shortJobId } from '../../apis/index.js'
import { type GroupHostStatus, type GroupState, heliosSelector, prettySelector } from '../deployment-group.js'
import { table } from './table.js'

/**
 * Helios' DeploymentGroup JSON: name, hostSelectors, jobId (when it has a Job), rolloutOptions (those in force:
 * rolling-update's flags, the Job's, the Deployment's, the defaults), rollingUpdateReason.
 */
export function groupJson(d: Deployment, jobId: string | undefined, inForce: RolloutOptions): Record<string, unknown> {
  // Helios' fields; autoRevert only when on, as the Deployment's own spec shows it.
  const { token, autoRevert, ...options } = inForce
  return {
    name: d.metadata.name,
    hostSelectors: d.spec.hostSelector.map(heliosSelector),
    ...(jobId ? { jobId } : {}),
    rolloutOptions: { ...options, ...(autoRevert ? { autoRevert } : {}), token },
    ...(d.status?.rollout ? { rollingUpdateReason: d.status.rollout.reason } : {}),
  }
}

/** `Name`, `Host selectors` (one per line), `Job`, `Rolling update reason`, `Rollout options` (those in force). */
export function inspectGroupLines(d: Deployment, jobId: string | undefined, o: RolloutOptions): string[] {
  return [
    `Name: ${d.metadata.name}`,
    'Host selectors:',
    ...d.spec.hostSelector.map((s) => `  ${prettySelector(s)}`),
    `Job: ${jobId ?? ''}`,
    `Rolling update reason: ${d.status?.rollout?.reason ?? ''}`,
    'Rollout options:',
    `  Migrate: ${o.migrate}`,
    `  Overlap: ${o.overlap}`,
    `  Parallelism: ${o.parallelism}`,
    `  Timeout: ${o.timeout}`,
    `  Token: ${o.token}`,
    `  Ignore failures: ${o.ignoreFailures}`,
  ]
}

export interface GroupStatus {
  deployment: Deployment
  jobId: string | undefined
  /** The rollout options in force (deployment-group-lookup.ts groupJob). */
  options: RolloutOptions
  state: GroupState
  error: string | undefined
  hosts: GroupHostStatus[]
}

/** `Name`, `Job Id`, `Status`, `Host selectors`, `Error`, a blank line, then HOST UP-TO-DATE JOB STATE. */
export function groupStatusLines(s: GroupStatus, opts: { full?: boolean } = {}): string[] {
  const id = (jobId: string) => (opts.full ? jobId : shortJobId(jobId))
  const rows = s.hosts.map((h) => [
    h.host,
    h.jobId !== undefined && h.jobId === s.jobId && h.state === 'RUNNING' ? 'X' : '',
    h.jobId === undefined ? '-' : id(h.jobId),
    h.state ?? '-',
  ])
  return [
    `Name: ${s.deployment.metadata.name}`,
    `Job Id: ${s.jobId === undefined ? '' : id(s.jobId)}`,
    `Status: ${s.state}`,
    `Host selectors: ${s.deployment.spec.hostSelector.map(prettySelector).join(', ')}`,
    ...(s.error ? [`Error: ${s.error}`] : []),
    '',
    ...table(['HOST', 'UP-TO-DATE', 'JOB', 'STATE'], rows),
  ]
}

/** Helios' DeploymentGroupStatusResponse. */
export function groupStatusJson(s: GroupStatus): Record<string, unknown> {
  return {
    deploymentGroup: groupJson(s.deployment, s.jobId, s.options),
    status: s.state,
    ...(s.error ? { error: s.error } : {}),
    hostStatuses: s.hosts,
    // Helios' DeploymentGroupStatus: ROLLING_OUT, DONE or FAILED; none before the first rolling update.
    deploymentGroupStatus:
      s.state === 'IDLE'
        ? null
        : { state: s.state === 'ACTIVE' ? 'DONE' : s.state, ...(s.error ? { error: s.error } : {}) },
  }
}
