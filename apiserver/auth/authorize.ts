/** @module The pure authorization decision: (user, role, verb, kind, object?) → allowed, or the reason it is not. */
import { type Event, KINDS, type Kind, type Task } from '../../apis/index.js'

export const ROLES = ['admin', 'deployer', 'viewer', 'agent'] as const
export type Role = (typeof ROLES)[number]

export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'update-status', 'delete', 'apply'] as const
export type Verb = (typeof VERBS)[number]

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
  /** update-status of a Task: the STORED Task (its spec.host). create of an Event: the Event in the body. */
  object?: unknown
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

/** Agents write their own Host, the status of their own Tasks and Events about their own Tasks; undefined = allowed. */
function agentRefusal(host: string, req: AuthRequest): string | undefined {
  const own = `an agent writes only its own Host ("${host}"), the status of its Tasks and Events about them`
  switch (req.kind) {
    case 'Host':
      if (!['create', 'update', 'update-status', 'apply'].includes(req.verb)) return ''
      return req.name === host ? undefined : own
    case 'Task':
      if (req.verb !== 'update-status') return ''
      return (req.object as Partial<Task> | undefined)?.spec?.host === host ? undefined : own
    case 'Event': {
      if (req.verb !== 'create') return ''
      const event = req.object as Partial<Event> | undefined
      return event?.task?.host === host && event.source?.host === host ? undefined : own
    }
    default:
      return ''
  }
}

function deny(user: AuthUser, req: AuthRequest, why = ''): Decision {
  const plural = KINDS[req.kind].plural
  const verb = req.verb === 'update-status' ? 'update' : req.verb
  const resource = `${plural}${req.name !== undefined && why ? `/${req.name}` : ''}${req.verb === 'update-status' ? '/status' : ''}`
  const reason = `user "${user.name}" (${user.role}) may not ${verb} ${resource}${why ? ` (${why})` : ''}`
  return { allowed: false, reason }
}
