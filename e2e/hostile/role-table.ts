/**
 * @module The role table (apiserver/README.md) written again as an oracle over what a request changed: which changes
 * each writer may cause. Independent of the apiserver's code on purpose, so that a bug there is not copied here.
 */
import { type Change, type Obj, type Snapshot, under, valueAt } from './snapshot.js'
import type { Role } from './targets.js'

/** Who the apiserver may have taken a request's writer to be. */
export type Writer = { mode: 'open' } | { mode: 'token'; user?: { name: string; role: Role } }

/** What a step changed, for rules that look across its changes (trims, cascades). */
export interface StepChanges {
  before: Snapshot
  changes: readonly Change[]
}

const STATUS_ONLY = [['status'], ['metadata', 'resourceVersion']]
const DECLARED = [['metadata', 'labels'], ['metadata', 'annotations'], ['spec'], ['metadata', 'generation']]
const DECLARED_PATHS = [...DECLARED, ['metadata', 'resourceVersion']]

/** Why `writer` may not have caused `change`; undefined when the table allows it. */
export function refusal(writer: Writer, change: Change, step: StepChanges): string | undefined {
  if (writer.mode === 'open') return undefined // anonymous is unrestricted on the open API
  const user = writer.user
  if (!user) return 'no user (no or unknown token) writes anything'
  const owned = agentOwned(user, change)
  if (owned) return owned
  switch (user.role) {
    case 'admin':
      return undefined
    case 'viewer':
      return 'a viewer writes nothing'
    case 'deployer':
      return deployerRefusal(change, step)
    case 'agent':
      return agentRefusal(user.name, change, step)
  }
}

/** Where the apiserver dials a host's agent with that agent's token: only the agent itself sets it, not even an admin. */
const AGENT_OWNED = [
  ['status', 'agentAddress'],
  ['status', 'agentCertificateSha256'],
]

function agentOwned(user: { name: string; role: Role }, c: Change): string | undefined {
  if (c.kind !== 'Host' || (user.role === 'agent' && user.name === c.name)) return undefined
  const moved = AGENT_OWNED.some((p) => JSON.stringify(valueAt(c.before, p)) !== JSON.stringify(valueAt(c.after, p)))
  return c.op !== 'removed' && moved ? `only agent ${c.name} sets Host ${c.name}'s agent address` : undefined
}

function deployerRefusal(c: Change, step: StepChanges): string | undefined {
  if (c.kind === 'Job' || c.kind === 'Deployment') return undefined
  if (c.kind === 'Host') {
    if (c.op === 'changed' && c.paths.every((p) => under(p, DECLARED_PATHS))) return undefined
    return 'a deployer changes only a Host’s labels, annotations and spec'
  }
  if (c.kind === 'Event') {
    if (c.op === 'added' && source(c.after).component === 'apiserver') return undefined
    if (c.op === 'removed' && (isTrim(c, step) || isJobCascade(c, step))) return undefined
    return 'a deployer’s requests add only audit Events and trim or cascade old ones'
  }
  return `a deployer writes no ${c.kind}`
}

function agentRefusal(host: string, c: Change, step: StepChanges): string | undefined {
  const own = `agent ${host} writes only its Host’s status, its Tasks’ status and Events about them`
  switch (c.kind) {
    case 'Host':
      if (c.name !== host) return own
      if (c.op === 'changed') return c.paths.every((p) => under(p, STATUS_ONLY)) ? undefined : own
      if (c.op === 'added') return isBare(c.after) ? undefined : 'an agent registers its Host bare'
      return own
    case 'Task': {
      const ok =
        c.op === 'changed' &&
        valueAt(c.before, ['spec', 'host']) === host &&
        valueAt(c.after, ['spec', 'host']) === host &&
        c.paths.every((p) => under(p, STATUS_ONLY))
      return ok ? undefined : own
    }
    case 'Event':
      if (c.op === 'removed') return isTrim(c, step) ? undefined : 'an agent deletes no Event (only trims happen)'
      if (c.op === 'added' && isAgentEvent(host, c.after, step.before)) return undefined
      if (c.op === 'added' && isAuditOfHost(host, c.after)) return undefined
      if (c.op === 'added' && source(c.after).component !== 'apiserver' && !isFromAgent(host, c.after)) {
        return `an Event agent ${host} adds has source {component: agent, host: ${host}, user: ${host}}, not ${JSON.stringify(c.after?.source)}`
      }
      return own
    default:
      return own
  }
}

const source = (e: Obj | undefined) => (e?.source ?? {}) as { component?: string; host?: string; user?: string }
const involved = (e: Obj | undefined) => (e?.involvedObject ?? {}) as { kind?: string; name?: string }

const isFromAgent = (host: string, e: Obj | undefined): boolean => {
  const s = source(e)
  return s.component === 'agent' && s.host === host && s.user === host
}

/** An Event the agent of `host` reports: its source is that agent, and it is about its Host or its host's Task. */
function isAgentEvent(host: string, e: Obj | undefined, before: Snapshot): boolean {
  if (!isFromAgent(host, e)) return false
  const task = e?.task as { host?: string } | undefined
  if (task !== undefined && task.host !== host) return false
  const about = involved(e)
  if (about.kind === 'Host') return about.name === host
  if (about.kind !== 'Task' || about.name === undefined) return false
  const stored = before.get(`Task/${about.name}`)
  if (stored) return valueAt(stored, ['spec', 'host']) === host
  const at = about.name.lastIndexOf('@')
  return at > 0 && about.name.slice(at + 1).replace(/~surge$/, '') === host
}

/** The audit record of the agent's own Host write (registering it, a status write that changed its state). */
const isAuditOfHost = (host: string, e: Obj | undefined): boolean =>
  source(e).component === 'apiserver' && involved(e).kind === 'Host' && involved(e).name === host

/** A removed Event about the same object as an Event this step added: the per-object history cap trimmed it. */
const isTrim = (c: Change, step: StepChanges): boolean =>
  step.changes.some(
    (a) =>
      a.op === 'added' &&
      a.kind === 'Event' &&
      involved(a.after).kind === involved(c.before).kind &&
      involved(a.after).name === involved(c.before).name,
  )

/** A removed Event of a Job this step deleted (its task history, or about the Job itself). */
const isJobCascade = (c: Change, step: StepChanges): boolean =>
  step.changes.some(
    (j) =>
      j.op === 'removed' &&
      j.kind === 'Job' &&
      ((c.before?.task as { job?: string } | undefined)?.job === j.name ||
        (involved(c.before).kind === 'Job' && involved(c.before).name === j.name)),
  )

function isBare(host: Obj | undefined): boolean {
  const empty = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)
  const spec = (host?.spec ?? {}) as { unschedulable?: boolean; drain?: boolean }
  return (
    empty(valueAt(host, ['metadata', 'labels'])) &&
    empty(valueAt(host, ['metadata', 'annotations'])) &&
    !spec.unschedulable &&
    !spec.drain
  )
}

export { DECLARED }
