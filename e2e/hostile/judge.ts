/** @module What one request may have done: rules for every writer, then the role table for each change it caused. */
import { parse as parseQuery } from 'node:querystring'
import { isJsonType } from './headers.js'
import type { HostileRequest } from './requests.js'
import { DECLARED, refusal, type Writer } from './role-table.js'
import type { HostileReply } from './send.js'
import type { Change, Obj, Snapshot } from './snapshot.js'
import { under } from './snapshot.js'

export interface Step {
  request: HostileRequest
  reply: HostileReply
  /** Every writer the apiserver may have taken the request's for (two Authorization headers: either). */
  writers: readonly Writer[]
  before: Snapshot
  changes: readonly Change[]
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])
const AUDITED = new Set(['Job', 'Deployment', 'Host'])
/** Names the open loopback API answers to; any other Host header is a rebound DNS name to refuse. */
const LOOPBACK_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\])(:\{port\})?$/i

/** Everything wrong with one step; empty when it did only what it may. */
export function judge(step: Step): string[] {
  const { request: r, reply, changes } = step
  const problems: string[] = []
  const ok = reply.status >= 200 && reply.status < 300
  if (reply.status >= 500 && !isUnreachableAgentLog(r, reply)) problems.push(`server error ${reply.status}`)
  if (reply.status === 0 && !headTooLarge(r)) problems.push(`no HTTP reply (${reply.error})`)
  if (reply.error && reply.status !== 0) problems.push(`reply broke: ${reply.error}`)
  if (reply.status >= 400 && r.method !== 'HEAD' && reply.contentType.startsWith('application/json'))
    problems.push(...statusShape(reply))
  if (changes.length === 0) return problems
  if (!ok) problems.push(`a refused request (${reply.status}) changed the store`)
  if (READS.has(r.method)) problems.push(`a ${r.method} changed the store`)
  if (isDryRun(r.path)) problems.push('a dry run changed the store')
  const browser = browserSendable(r, step.writers)
  if (browser) problems.push(`a request a web page could send (${browser}) changed the store`)
  problems.push(...eventSources(step), ...missingAudits(step))
  for (const c of changes) {
    const why = step.writers.map((w) => refusal(w, c, step))
    if (why.every((w) => w !== undefined)) problems.push(`${c.op} ${c.kind}/${c.name}: ${why[0]}`)
  }
  return problems
}

/**
 * A request head over Node's 16 KiB limit is refused by the HTTP parser itself (431), and the connection closed while
 * the client may still be sending: the answer can be lost in the reset. Nothing reached the app (checked all the same).
 */
const headTooLarge = (r: HostileRequest): boolean =>
  r.path.length + [r.credential.authorization ?? []].flat().join('').length > 16 * 1024

/**
 * A Task's log answers 503 when its host's agent cannot be reached (here: never, no agent runs): the log route's
 * documented answer, told by its message (a HEAD has none: by its path).
 */
const isUnreachableAgentLog = (r: HostileRequest, reply: HostileReply): boolean => {
  if (reply.status !== 503) return false
  if (r.method === 'HEAD') return /\/tasks\/[^/]+\/log\/?(\?|$)/.test(r.path)
  const status = parsed(reply.text) as { reason?: unknown; message?: unknown } | undefined
  return status?.reason === 'Unavailable' && /the agent of host|reports no log endpoint/.test(String(status.message))
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function statusShape(reply: HostileReply): string[] {
  const body = parsed(reply.text) as { kind?: unknown; code?: unknown; message?: unknown } | undefined
  if (body === undefined) return [`a ${reply.status} whose JSON body does not parse`]
  const fine = body.kind === 'Status' && body.code === reply.status && typeof body.message === 'string'
  return fine && body.message !== '' ? [] : [`a ${reply.status} whose body is not a Status with a message`]
}

/** `?dryRun=true|1|All`, given once (the apiserver's own parser decodes keys, so `dry%52un` counts too). */
function isDryRun(path: string): boolean {
  const at = path.indexOf('?')
  if (at < 0) return false
  const value = parseQuery(path.slice(at + 1)).dryRun
  return value === 'true' || value === '1' || value === 'All'
}

/** Why a browser page could have sent this request (so it must be refused), or undefined. */
function browserSendable(r: HostileRequest, writers: readonly Writer[]): string | undefined {
  const { origin, secFetchSite, host, contentType } = r.headers
  if (origin !== undefined) return `Origin ${origin}`
  if (secFetchSite === 'cross-site') return 'Sec-Fetch-Site: cross-site'
  if (r.body !== undefined && r.body.length > 0 && !isJsonType(contentType)) return `body of type ${contentType}`
  const open = writers.some((w) => w.mode === 'open')
  if (open && host !== undefined && !LOOPBACK_HOSTS.test(host)) return `Host ${host} on the open API`
  return undefined
}

/** An added Event's source names its writer: `source.user`, or the user an audit record's message names. */
function eventSources(step: Step): string[] {
  const names = step.writers.map((w) => (w.mode === 'open' ? 'anonymous' : (w.user?.name ?? '')))
  const problems: string[] = []
  for (const c of step.changes) {
    if (c.op !== 'added' || c.kind !== 'Event') continue
    const source = (c.after?.source ?? {}) as { component?: string; user?: string }
    const message = String(c.after?.message ?? '')
    const audit = source.component === 'apiserver'
    const named = names.some((n) => (audit ? message.startsWith(`user "${n}"`) : source.user === n))
    if (!named) problems.push(`Event/${c.name} does not name its writer (${names.join(' or ')}): ${describe(c.after)}`)
  }
  return problems
}

/** A Job, Deployment or Host created, deleted or re-declared has an audit Event about it, added by this step. */
function missingAudits(step: Step): string[] {
  const audited = (c: Change) =>
    step.changes.some((e) => {
      const about = (e.after?.involvedObject ?? {}) as { kind?: string; name?: string }
      const source = (e.after?.source ?? {}) as { component?: string }
      return e.op === 'added' && source.component === 'apiserver' && about.kind === c.kind && about.name === c.name
    })
  return step.changes
    .filter((c) => AUDITED.has(c.kind) && (c.op !== 'changed' || c.paths.some((p) => under(p, DECLARED))))
    .filter((c) => !audited(c))
    .map((c) => `${c.op} ${c.kind}/${c.name} has no audit Event`)
}

const describe = (o: Obj | undefined) => JSON.stringify({ source: o?.source, message: o?.message }).slice(0, 300)
