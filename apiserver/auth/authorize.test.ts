import { describe, expect, test } from 'vitest'
import { ALL_KINDS, type Kind } from '../../apis/index.js'
import { type AuthRequest, type AuthUser, authorize, ROLES, type Role, VERBS, type Verb } from './authorize.js'

const READ = 'get list watch'
const WRITE = 'create update delete apply'

/** The role table: per role, per kind, the verbs allowed (for the agent: on its own objects). */
const TABLE: Record<Role, Record<Kind, string>> = {
  admin: {
    Job: `${READ} ${WRITE} update-status`,
    Deployment: `${READ} ${WRITE} update-status`,
    Host: `${READ} ${WRITE} update-status`,
    Task: `${READ} ${WRITE} update-status`,
    Event: `${READ} ${WRITE} update-status`,
  },
  deployer: {
    Job: `${READ} ${WRITE}`,
    Deployment: `${READ} ${WRITE}`,
    Host: `${READ} update`,
    Task: READ,
    Event: READ,
  },
  viewer: { Job: READ, Deployment: READ, Host: READ, Task: READ, Event: READ },
  agent: {
    Job: READ,
    Deployment: READ,
    Host: `${READ} create update update-status apply`,
    Task: `${READ} update-status`,
    Event: `${READ} create`,
  },
}

const ME = 'web1'
const OTHER = 'web2'
const task = (host: string) => ({ kind: 'Task', metadata: { name: 't' }, spec: { host } })
const event = (host: string, source = host) => ({
  kind: 'Event',
  task: { host },
  source: { component: 'agent', host: source },
})

/** A request on an object owned by `host` (for the kinds where ownership means something). */
function request(verb: Verb, kind: Kind, host: string): AuthRequest {
  if (kind === 'Host') return { verb, kind, name: host }
  if (kind === 'Task') return { verb, kind, name: 't', object: task(host) }
  if (kind === 'Event') return { verb, kind, object: event(host) }
  return { verb, kind, name: 'x' }
}

const cases = ROLES.flatMap((role) =>
  ALL_KINDS.flatMap((kind) =>
    VERBS.map((verb) => ({ role, kind, verb, allowed: TABLE[role][kind].split(' ').includes(verb) })),
  ),
)

describe('authorize: every role × verb × kind', () => {
  test.each(cases)('$role $verb $kind → $allowed', ({ role, kind, verb, allowed }) => {
    const user: AuthUser = { name: role === 'agent' ? ME : 'bob', role }
    const decision = authorize(user, request(verb, kind, ME))
    expect(decision.allowed).toBe(allowed)
    if (!decision.allowed) expect(decision.reason).toMatch(new RegExp(`^user "${user.name}" \\(${role}\\) may not `))
  })

  const agentWrites = cases.filter((c) => c.role === 'agent' && c.allowed && !['get', 'list', 'watch'].includes(c.verb))
  test.each(agentWrites)("agent $verb $kind of another host's → refused", ({ kind, verb }) => {
    const decision = authorize({ name: ME, role: 'agent' }, request(verb, kind, OTHER))
    expect(decision).toMatchObject({ allowed: false })
    if (!decision.allowed) expect(decision.reason).toContain('an agent writes only its own Host ("web1")')
  })
})

describe('authorize: reasons', () => {
  test('name user, role, verb and resource', () => {
    expect(authorize({ name: 'bob', role: 'viewer' }, { verb: 'create', kind: 'Job' })).toEqual({
      allowed: false,
      reason: 'user "bob" (viewer) may not create jobs',
    })
    expect(authorize({ name: 'ci', role: 'deployer' }, { verb: 'update-status', kind: 'Host', name: 'h' })).toEqual({
      allowed: false,
      reason: 'user "ci" (deployer) may not update hosts/status',
    })
    expect(authorize({ name: 'web1', role: 'agent' }, { verb: 'update-status', kind: 'Host', name: 'web2' })).toEqual({
      allowed: false,
      reason:
        'user "web1" (agent) may not update hosts/web2/status (an agent writes only its own Host ("web1"), the status of its Tasks and Events about them)',
    })
  })

  test('an agent Event must name the agent as source too, and a Task without a stored spec is not its own', () => {
    const agent: AuthUser = { name: ME, role: 'agent' }
    expect(authorize(agent, { verb: 'create', kind: 'Event', object: event(ME, OTHER) }).allowed).toBe(false)
    expect(authorize(agent, { verb: 'update-status', kind: 'Task', name: 't' }).allowed).toBe(false)
  })
})
