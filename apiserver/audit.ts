/** @module Audit: every successful request that changes a Job, Deployment or Host is recorded as an Event naming its user. */
import type { Response } from 'express'
import { type AnyObject, canonicalJson, Event, eventName, type HeliosObject, type Kind } from '../apis/index.js'
import type { WriteContext } from './app-context.js'
import { ANONYMOUS_USER, type AuthUser } from './auth/authorize.js'
import type { RouteRequest } from './auth/guard.js'
import { createObject } from './writes/create.js'

/** The kinds audited: Tasks (agents, controllers) and Events themselves would only multiply the writes. */
const AUDITED_KINDS: ReadonlySet<Kind> = new Set(['Job', 'Deployment', 'Host'])

type AuditedVerb = 'create' | 'update' | 'update-status' | 'delete' | 'apply'
const REASONS: Record<AuditedVerb, { reason: string; past: string }> = {
  create: { reason: 'Created', past: 'created' },
  update: { reason: 'Updated', past: 'updated' },
  'update-status': { reason: 'Updated', past: 'updated the status of' },
  delete: { reason: 'Deleted', past: 'deleted' },
  apply: { reason: 'Applied', past: 'applied' },
}
const isAudited = (verb: string): verb is AuditedVerb => Object.hasOwn(REASONS, verb)

/** What one audited write did. */
export interface AuditRecord {
  user: AuthUser | undefined
  verb: AuditedVerb
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

/** Stores the Event of `r`; create's retention keeps at most 30 per object. */
export async function recordAudit(ctx: WriteContext, r: AuditRecord): Promise<void> {
  const now = ctx.now()
  const event = Event.parse({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: eventName(r.name, now.getTime()) },
    involvedObject: { kind: r.kind, name: r.name },
    type: 'Normal',
    reason: REASONS[r.verb].reason,
    message: auditMessage(r).slice(0, 1024),
    source: { component: 'apiserver' },
    timestamp: now.toISOString(),
  })
  await createObject(ctx, event as HeliosObject)
}

/**
 * Armed by every route's guard (auth/guard.ts) after it authorized the request: when an audited write answers
 * 2xx, records its Event, then replies. Skipped: dry runs, applies that changed nothing, PUTs that stored nothing
 * new (same resourceVersion as before), Host status writes that keep the state (an agent's heartbeat every 10 s)
 * and Deployment status writes (the deployment controller's progress, many per rollout). A failure to record is
 * logged and the reply sent as it was.
 */
export function armAudit(ctx: WriteContext, res: Response, request: RouteRequest, user: AuthUser | undefined): void {
  const { verb, kind } = request
  if (!isAudited(verb) || !AUDITED_KINDS.has(kind) || request.dryRun) return
  const before =
    (verb === 'update' || verb === 'update-status') && request.name ? ctx.store.peek(kind, request.name) : undefined
  const json = res.json.bind(res)
  // The Event is stored before the reply is sent: a client that sees its write succeed sees its record too.
  res.json = (body: unknown) => {
    const record = res.statusCode < 300 ? auditRecord(user, verb, kind, body, before) : undefined
    if (!record) return json(body)
    void recordAudit(ctx, record)
      .catch((error: unknown) =>
        ctx.log('warn', 'could not record an audit event', { kind, name: record.name, verb, error }),
      )
      .finally(() => json(body))
    return res
  }
}

function auditRecord(
  user: AuthUser | undefined,
  verb: AuditedVerb,
  kind: Kind,
  body: unknown,
  before: AnyObject | undefined,
): AuditRecord | undefined {
  if (verb === 'apply') {
    const { outcome, object } = (body ?? {}) as { outcome?: string; object?: AnyObject }
    if (outcome === 'unchanged' || !object?.metadata?.name) return undefined
    return { user, verb, kind, name: object.metadata.name, outcome }
  }
  const object = body as AnyObject | undefined
  const name = object?.metadata?.name
  if (!name) return undefined
  if (before && before.metadata.resourceVersion === object.metadata.resourceVersion) return undefined
  // An agent's heartbeat (same state, same labels) every 10 s is not an act worth recording; a new state or label is.
  if (verb === 'update-status' && kind === 'Host' && before && sameHostStatus(before, object)) return undefined
  // A Deployment's status is the controller's own bookkeeping (a rollout writes it per host step): not a user's act.
  if (verb === 'update-status' && kind === 'Deployment') return undefined
  return { user, verb, kind, name }
}

const sameHostStatus = (a: AnyObject, b: AnyObject): boolean => {
  const [x, y] = [a, b].map((h) => (h as { status?: { state?: unknown; labels?: unknown } }).status)
  return x?.state === y?.state && canonicalJson(x?.labels ?? {}) === canonicalJson(y?.labels ?? {})
}
