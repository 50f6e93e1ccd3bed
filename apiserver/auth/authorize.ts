/** @module The pure authorization decision: (user, role, verb, kind, object?) → allowed, or the reason it is not. */
import { type Event, type Host, hostOfTaskName, KINDS, type Kind, shortName, type Task } from '../../apis/index.js'

export const ROLES = ['admin', 'deployer', 'viewer', 'agent'] as const
export type Role = (typeof ROLES)[number]

export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'update-status', 'delete', 'apply'] as const
export type Verb = (typeof VERBS)[number]

/** The user named for requests when the API is open (no --token-file). */
export const ANONYMOUS_USER = 'anonymous'

/** Who made a request: the `user` and `role` of the token-file entry that matched its bearer token. */
export interface AuthUser {
  name: string
  role: Role
}

/** What a request does. `object` is what the ownership checks of the agent role need (see below). */
export interface AuthRequest {
  verb: Verb
  kind: Kind
  /** The object's name from the URL (or the applied manifest); undefined for list, watch and create by POST. */
  name?: string
  /** The object in the request body (create, update, apply): what an agent may create is judged on it. */
  object?: unknown
  /**
   * The STORED object the request is about, read by the guard, never taken from the body: for a Task's status
   * the Task (its spec.host), for an Event the Task it is about (undefined when that Task is gone).
   */
  stored?: unknown
  /** For an agent's Event about a Task no longer stored: whether that Task has Events already (its history). */
  knownHistory?: boolean
}

export type Decision = { allowed: true } | { allowed: false; reason: string }

const READS: readonly Verb[] = ['get', 'list', 'watch']
const WRITES: readonly Verb[] = ['create', 'update', 'delete', 'apply']

/** What a deployer may write besides reading everything. */
const DEPLOYER_WRITES: Partial<Record<Kind, readonly Verb[]>> = {
  Job: WRITES,
  Deployment: WRITES,
  // Host labels (PUT replaces labels and annotations); registering, status and deleting stay the agents'.
  Host: ['update'],
}

const ALLOW: Decision = { allowed: true }

/** Whether `user` may do `req`. Pure: every input it needs is in its arguments. */
export function authorize(user: AuthUser, req: AuthRequest): Decision {
  if (user.role === 'admin' || READS.includes(req.verb)) return ALLOW
  if (user.role === 'deployer' && DEPLOYER_WRITES[req.kind]?.includes(req.verb)) return ALLOW
  if (user.role === 'agent') {
    const why = agentRefusal(user.name, req)
    if (why === undefined) return ALLOW
    return deny(user, req, why)
  }
  return deny(user, req)
}

/**
 * Agents register their own Host, write its status, the status of their own Tasks and Events about those; nothing
 * else, so an agent can neither relabel nor uncordon itself (Kubernetes' NodeRestriction). undefined = allowed.
 */
function agentRefusal(host: string, req: AuthRequest): string | undefined {
  const own = `an agent writes only its own Host's status ("${host}"), the status of its Tasks and Events about them`
  switch (req.kind) {
    case 'Host':
      if (req.verb === 'update-status') return req.name === host ? undefined : own
      if (req.verb !== 'create') return ''
      if (req.name !== host) return own
      return isBareHost(req.object) ? undefined : 'an agent registers its Host without labels, annotations or spec'
    case 'Task':
      if (req.verb !== 'update-status') return ''
      return (req.stored as Partial<Task> | undefined)?.spec?.host === host ? undefined : own
    case 'Event':
      if (req.verb !== 'create') return ''
      return isOwnEvent(
        host,
        req.object as Partial<Event> | undefined,
        req.stored as Partial<Task> | undefined,
        req.knownHistory === true,
      )
        ? undefined
        : own
    default:
      return ''
  }
}

/** A Host as an agent may create it: spec at its defaults, no labels or annotations (its labels go in status). */
function isBareHost(body: unknown): boolean {
  const host = body as Partial<Host> | undefined
  const empty = (record: object | undefined) => record === undefined || Object.keys(record).length === 0
  const spec = host?.spec as Partial<Host['spec']> | undefined
  return empty(host?.metadata?.labels) && empty(host?.metadata?.annotations) && !spec?.unschedulable && !spec?.drain
}

/**
 * An Event about the agent's own Host, or about a Task of its host: the STORED Task's spec.host decides, and for a
 * Task already deleted (its last STOPPED event) the host in its name, if that Task has a history to add to (so an
 * agent cannot open histories for names it makes up). A task section must name the host too.
 */
function isOwnEvent(
  host: string,
  event: Partial<Event> | undefined,
  storedTask: Partial<Task> | undefined,
  knownHistory: boolean,
): boolean {
  const about = event?.involvedObject
  if (event?.task !== undefined && event.task.host !== host) return false
  if (about?.kind === 'Host') return about.name === host
  if (about?.kind !== 'Task') return false
  if (storedTask) return storedTask.spec?.host === host
  return knownHistory && hostOfTaskName(about.name) === host
}

function deny(user: AuthUser, req: AuthRequest, why = ''): Decision {
  const plural = KINDS[req.kind].plural
  const verb = req.verb === 'update-status' ? 'update' : req.verb
  const resource = `${plural}${req.name !== undefined && why ? `/${shortName(req.name)}` : ''}${req.verb === 'update-status' ? '/status' : ''}`
  const reason = `user "${user.name}" (${user.role}) may not ${verb} ${resource}${why ? ` (${why})` : ''}`
  return { allowed: false, reason }
}
