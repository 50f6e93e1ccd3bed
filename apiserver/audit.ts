/** @module Audit: every successful request that changes a Job, Deployment or Host is recorded as an Event naming its user, in the write's own transaction. */
import type { Response } from 'express'
import { type AnyObject, canonicalJson, Event, type Kind } from '../apis/index.js'
import type { WriteContext } from './app-context.js'
import { ANONYMOUS_USER, type AuthUser } from './auth/authorize.js'
import type { RouteRequest } from './auth/guard.js'
import { serverEventName } from './writes/server-fields.js'

/** The kinds audited: Tasks (agents, controllers) and Events themselves would only multiply the writes. */
const AUDITED_KINDS: ReadonlySet<Kind> = new Set(['Job', 'Deployment', 'Host'])

export type AuditedVerb = 'create' | 'update' | 'update-status' | 'delete' | 'apply'
const REASONS: Record<AuditedVerb, { reason: string; past: string }> = {
  create: { reason: 'Created', past: 'created' },
  update: { reason: 'Updated', past: 'updated' },
  'update-status': { reason: 'Updated', past: 'updated the status of' },
  delete: { reason: 'Deleted', past: 'deleted' },
  apply: { reason: 'Applied', past: 'applied' },
}
const isAudited = (verb: string): verb is AuditedVerb => Object.hasOwn(REASONS, verb)

/** Who asked for a write and how (the route's verb): what its audit Event will say. */
export interface AuditIntent {
  user: AuthUser | undefined
  verb: AuditedVerb
}

/** What one audited write did. */
export interface AuditRecord extends AuditIntent {
  kind: Kind
  name: string
  /** For apply: created or configured. */
  outcome?: string
}

/** `user "alice" (deployer) created deployment nginx`. */
export function auditMessage(r: AuditRecord): string {
  const who = r.user ? `user "${r.user.name}" (${r.user.role})` : `user "${ANONYMOUS_USER}"`
  const what = `${REASONS[r.verb].past} ${r.kind.toLowerCase()} ${r.name}`
  return `${who} ${what}${r.outcome ? ` (${r.outcome})` : ''}`
}

/**
 * The Event recording `r`, as the apiserver stores it with the write; undefined for a name no Event can be about
 * (only a request for an object that cannot exist has one: its write fails anyway, and must fail for that reason).
 */
export function auditEvent(ctx: Pick<WriteContext, 'now'>, r: AuditRecord): Event | undefined {
  const now = ctx.now()
  const parsed = Event.safeParse({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: serverEventName(r.name, now.getTime()) },
    involvedObject: { kind: r.kind, name: r.name },
    type: 'Normal',
    reason: REASONS[r.verb].reason,
    message: auditMessage(r).slice(0, 1024),
    source: { component: 'apiserver' },
    timestamp: now.toISOString(),
  })
  return parsed.success ? parsed.data : undefined
}

/**
 * Called by every route's guard (auth/guard.ts) after it authorized the request: an audited verb on an audited kind,
 * not a dry run, leaves its intent on the response for the write to record (writes/*, through `auditIntentOf`). The
 * Event is stored in the write's own transaction: a write that fails records nothing, and one that succeeds its
 * Event with it, before the reply.
 */
export function armAudit(_ctx: WriteContext, res: Response, request: RouteRequest, user: AuthUser | undefined): void {
  const { verb, kind } = request
  if (!isAudited(verb) || !AUDITED_KINDS.has(kind) || request.dryRun) return
  res.locals.audit = { user, verb } satisfies AuditIntent
}

/** The audit intent the guard left for this request, if its write is to be recorded. */
export const auditIntentOf = (res: Response): AuditIntent | undefined => res.locals.audit as AuditIntent | undefined

/**
 * The audit Event of a write of `kind/name` about to be stored (`before`: the object it replaces, `after`: what it
 * stores), or undefined when it is not recorded: a kind not audited, a Host status write that keeps its state and
 * labels (an agent's heartbeat every 10 s is not an act worth recording), a Deployment's status (the controller's
 * own bookkeeping, many per rollout).
 */
export function auditEventOf(
  ctx: Pick<WriteContext, 'now'>,
  intent: AuditIntent | undefined,
  write: { kind: Kind; name: string; outcome?: string; before?: AnyObject; after?: AnyObject },
): Event | undefined {
  if (!intent || !AUDITED_KINDS.has(write.kind)) return undefined
  const { before, after } = write
  if (intent.verb === 'update-status' && write.kind === 'Deployment') return undefined
  if (intent.verb === 'update-status' && write.kind === 'Host' && before && after && sameHostStatus(before, after)) {
    return undefined
  }
  const outcome = intent.verb === 'apply' ? write.outcome : undefined
  return auditEvent(ctx, { ...intent, kind: write.kind, name: write.name, outcome })
}

const sameHostStatus = (a: AnyObject, b: AnyObject): boolean => {
  const [x, y] = [a, b].map((h) => (h as { status?: { state?: unknown; labels?: unknown } }).status)
  return x?.state === y?.state && canonicalJson(x?.labels ?? {}) === canonicalJson(y?.labels ?? {})
}
