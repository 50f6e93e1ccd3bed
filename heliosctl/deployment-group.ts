/** @module Helios' deployment groups as Deployments with a hostSelector (and, until the first rolling-update, no Job). */
import {
  API_VERSION,
  type Deployment,
  type DeploymentInput,
  type HostSelector,
  isSurgeTask,
  parseHostSelector,
  type Task,
} from '../apis/index.js'
import { UsageError } from './usage-error.js'

/** A Deployment is a deployment group when it selects hosts by label (Helios' groups always did). */
export const isGroup = (d: Deployment): boolean => d.spec.hostSelector.length > 0

/** Parses the SELECTOR arguments; a bad one is a usage error naming it. */
export function parseSelectors(exprs: readonly string[]): HostSelector[] {
  return exprs.map((expr) => {
    const parsed = parseHostSelector(expr)
    if (typeof parsed === 'string') throw new UsageError(parsed)
    return parsed
  })
}

/** The Deployment `create-deployment-group NAME SELECTOR…` creates: selectors, no Job, Helios' rollout defaults. */
export const groupDeployment = (name: string, selectors: readonly string[]): DeploymentInput => ({
  apiVersion: API_VERSION,
  kind: 'Deployment',
  metadata: { name },
  spec: { hostSelector: [...selectors] },
})

/** Whether two selector lists say the same, whatever their spacing and order (Helios: NOT_MODIFIED). */
export function sameSelectors(a: readonly string[], b: readonly string[]): boolean {
  const canonical = (list: readonly string[]) =>
    list
      .map((e) => {
        const s = parseHostSelector(e)
        return JSON.stringify(typeof s === 'string' ? s : { ...s, values: [...s.values].sort() })
      })
      .sort()
      .join('\n')
  return canonical(a) === canonical(b)
}

const OPERATORS = { '=': 'EQUALS', '!=': 'NOT_EQUALS', in: 'IN', notin: 'NOT_IN' } as const

/** Helios' HostSelector JSON: `{label, operator: EQUALS|NOT_EQUALS|IN|NOT_IN, operand}`. */
export function heliosSelector(expr: string): { label: string; operator: string; operand: string | string[] } {
  const s = parseHostSelector(expr)
  if (typeof s === 'string') return { label: expr, operator: 'INVALID', operand: '' }
  const operand = s.op === 'in' || s.op === 'notin' ? s.values : (s.values[0] ?? '')
  return { label: s.label, operator: OPERATORS[s.op], operand }
}

/** `role = web`, `zone in (a, b)`: Helios' toPrettyString. */
export function prettySelector(expr: string): string {
  const s = parseHostSelector(expr)
  if (typeof s === 'string') return expr
  return s.op === 'in' || s.op === 'notin'
    ? `${s.label} ${s.op} (${s.values.join(', ')})`
    : `${s.label} ${s.op} ${s.values[0]}`
}

export type GroupState = 'IDLE' | 'ROLLING_OUT' | 'ACTIVE' | 'FAILED'

/** Helios' group status from the controller's rollout: never rolled out IDLE, DONE is ACTIVE, a canary wait ROLLING_OUT. */
export function groupState(d: Deployment): GroupState {
  const state = d.status?.rollout?.state
  if (!d.spec.job || !state || state === 'IDLE') return 'IDLE'
  if (state === 'PAUSED') return 'ROLLING_OUT'
  return state === 'DONE' ? 'ACTIVE' : state
}

export interface GroupHostStatus {
  host: string
  jobId?: string
  state?: string
}

/** One entry per host the group targets, with the Job and state of its Task there (none yet: absent). */
export function groupHostStatuses(d: Deployment, tasks: readonly Task[]): GroupHostStatus[] {
  const own = tasks.filter((t) => t.spec.deployment === d.metadata.name && !isSurgeTask(t.metadata.name))
  return (d.status?.hosts ?? []).map((host) => {
    const task = own.find((t) => t.spec.host === host)
    return { host, ...(task && { jobId: task.spec.jobId }), ...(task?.status && { state: task.status.state }) }
  })
}
