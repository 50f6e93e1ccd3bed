/** @module `describe deployment`: spec, rollout and revisions, its Tasks per host, recent Events. */
import {
  type Deployment,
  type Event,
  type GivenRolloutOptions,
  RolloutOptions,
  type RolloutStatus,
  type Task,
} from '../../../apis/index.js'
import { rolloutHosts, rolloutView } from '../../rollout-progress.js'
import { revisionTable } from '../rollout-history-table.js'
import { fields, section, when } from './layout.js'
import { metaFields } from './meta.js'
import { eventLines, taskLines } from './related.js'

export interface DeploymentFacts {
  deployment: Deployment
  tasks: readonly Task[]
  events: readonly Event[]
  now: number
}

export function describeDeployment({ deployment: d, tasks, events, now }: DeploymentFacts): string[] {
  const { spec, status } = d
  const generation = d.metadata.generation ?? 1
  const observed = status?.observedGeneration
  return [
    ...metaFields(d.metadata, now, [
      ['Generation', observed === undefined ? generation : `${generation} (observed ${observed})`],
      ['Job', spec.job],
      ['Hosts', spec.hosts.join(', ')],
      ['Host Selector', spec.hostSelector.join(', ')],
      ...(spec.replicas === undefined ? [] : ([['Replicas', replicasText(d)]] as const)),
      ['Goal', spec.goal],
      ['Paused', spec.paused],
      ...(spec.restartedAt ? ([['Restarted At', when(spec.restartedAt, now)]] as const) : []),
      ['Rollout Options', rolloutOptionsText(spec.rollout)],
      ...(spec.rolloutOverrides ? ([['Rollout Overrides', givenOptionsText(spec.rolloutOverrides)]] as const) : []),
      ['Targeted Hosts', status?.hosts.join(', ')],
      ...(status?.message ? ([['Message', status.message]] as const) : []),
    ]),
    ...section('Rollout', status?.rollout ? rolloutFields(status.rollout, now) : []),
    ...(status?.rollout?.failure ? section('Failure', failureFields(status.rollout)) : []),
    ...section('Revisions', status?.revisions.length ? revisionTable(status.revisions) : []),
    ...section('Tasks', tasks.length ? taskLines(tasks, ['HOST', 'JOB', 'GOAL'], now) : []),
    ...section('Events', eventLines(events, now)),
  ]
}

/** Only the options given (a Job's rolloutOptions, rolling-update's overrides): `parallelism=2, timeout=120s`. */
export function givenOptionsText(o: GivenRolloutOptions): string {
  const full = rolloutOptionsText({ ...RolloutOptions.parse({}), ...o }).split(', ')
  const given = new Set(Object.entries(o).flatMap(([k, v]) => (v === undefined ? [] : [k])))
  return full.filter((part) => given.has(part.slice(0, part.indexOf('=')))).join(', ')
}

/**
 * `parallelism=1, timeout=300s, overlap=false, …`; a token shows only as set. Health and canary options show
 * only when set here: unset, the Job's rolloutOptions or the controller's default applies (explain says which).
 */
export function rolloutOptionsText(o: RolloutOptions): string {
  const seconds = (label: string, value: number | undefined) => (value === undefined ? [] : [`${label}=${value}s`])
  return [
    `parallelism=${o.parallelism}`,
    `timeout=${o.timeout}s`,
    `overlap=${o.overlap}`,
    `migrate=${o.migrate}`,
    `ignoreFailures=${o.ignoreFailures}`,
    `autoRevert=${o.autoRevert ?? false}`,
    ...seconds('minHealthySeconds', o.minHealthySeconds),
    ...seconds('progressDeadlineSeconds', o.progressDeadlineSeconds),
    ...(o.canary === undefined ? [] : [`canary=${o.canary}`]),
    ...seconds('canaryPromoteAfterSeconds', o.canaryPromoteAfterSeconds),
    `token=${o.token ? '<set>' : '<none>'}`,
  ].join(', ')
}

function rolloutFields(r: RolloutStatus, now: number): string[] {
  const inProgress = Object.entries(r.inProgress).map(([host, since]) => `${host} (since ${when(since, now)})`)
  return fields([
    ['State', rolloutView(r)],
    ['Revision', `${r.revision} (${r.job})`],
    ['Reason', r.reason],
    ['Started', when(r.startedAt, now)],
    ['Finished', r.finishedAt && when(r.finishedAt, now)],
    ['Progress', `${r.done.length}/${rolloutHosts(r).length} hosts done`],
    ['Done', r.done.join(', ')],
    ['In Progress', inProgress.join(', ')],
    ['Pending', r.pending.join(', ')],
    ['Failed', r.failed.join(', ')],
    ...(r.revertedFrom ? ([['Reverted From', r.revertedFrom]] as const) : []),
    ...(r.canary ? ([['Canary', canaryText(r, now)]] as const) : []),
    ['Message', r.message],
  ])
}

/** `h1 (healthy since …, promoted by user …)`. */
function canaryText(r: RolloutStatus, now: number): string {
  const c = r.canary
  if (!c) return ''
  const healthy = c.healthyAt ? `healthy since ${when(c.healthyAt, now)}` : 'stepping'
  const promotedAt = c.promotedAt ? `, promoted by ${c.promotedBy ?? 'user'} ${when(c.promotedAt, now)}` : ''
  return `${c.hosts.join(', ')} (${healthy}${promotedAt})`
}

/** The host failure that ended the rollout (or started its revert), with the container's last log lines. */
function failureFields(r: RolloutStatus): string[] {
  const f = r.failure
  if (!f) return []
  return fields([
    ['Host', f.host],
    ['Reason', f.reason],
    ...(f.exitCode === undefined ? [] : ([['Exit Code', f.exitCode]] as const)),
    ['Last Log Lines', f.logTail],
  ])
}

function replicasText(d: Deployment): string {
  const r = d.status?.replicas
  const desired = d.spec.replicas ?? 0
  if (!r) return String(desired)
  return `${desired} desired, ${r.placed} placed, ${r.running} running, ${r.pending} pending${r.message ? ` (${r.message})` : ''}`
}
