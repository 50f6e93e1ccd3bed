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
    Endpoints: `${READ} ${WRITE} update-status`,
  },
  deployer: {
    Job: `${READ} ${WRITE}`,
    Deployment: `${READ} ${WRITE}`,
    Host: `${READ} update`,
    Task: READ,
    Event: READ,
    Endpoints: READ,
  },
  viewer: { Job: READ, Deployment: READ, Host: READ, Task: READ, Event: READ, Endpoints: READ },
  agent: {
    Job: READ,
    Deployment: READ,
    Host: `${READ} create update-status`,
    Task: `${READ} update-status`,
    Event: `${READ} create`,
    Endpoints: READ,
  },
}

const ME = 'web1'
const OTHER = 'web2'
const task = (host: string) => ({ kind: 'Task', metadata: { name: `web@${host}` }, spec: { host } })
const event = (host: string, about = `web@${host}`) => ({
  kind: 'Event',
  involvedObject: { kind: 'Task', name: about },
  task: { host },
  source: { component: 'agent', host },
})

/** A request on an object owned by `host` (for the kinds where ownership means something). */
function request(verb: Verb, kind: Kind, host: string): AuthRequest {
  if (kind === 'Host') return { verb, kind, name: host, object: { kind, metadata: { name: host }, spec: {} } }
  if (kind === 'Task') return { verb, kind, name: `web@${host}`, stored: task(host) }
  if (kind === 'Event') return { verb, kind, object: event(host), stored: task(host) }
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
    if (!decision.allowed) expect(decision.reason).toContain(`user "${ME}" (agent) may not`)
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
        'user "web1" (agent) may not update hosts/web2/status (an agent writes only its own Host\'s status ("web1"), the status of its Tasks and Events about them)',
    })
  })

  test('an agent Event is about its own Host or a Task its host runs, judged by the STORED Task', () => {
    const agent: AuthUser = { name: ME, role: 'agent' }
    const allowed = (object: unknown, stored?: unknown, knownHistory = true) =>
      authorize(agent, { verb: 'create', kind: 'Event', object, stored, knownHistory }).allowed
    // The body claims this host, but the stored Task runs on another.
    expect(allowed(event(ME, 'web@web1'), task(OTHER))).toBe(false)
    // A Task already deleted (its last STOPPED event): the host in its name decides, if it has a history already.
    expect(allowed(event(ME, 'web@web1'))).toBe(true)
    expect(allowed(event(ME, 'web@web1'), undefined, false)).toBe(false)
    expect(allowed(event(ME, 'web@web1~surge'))).toBe(true)
    expect(allowed(event(ME, 'web@web2'))).toBe(false)
    expect(allowed(event(ME, 'web@web1x'))).toBe(false)
    expect(allowed(event(ME, 'web1@web2'))).toBe(false)
    expect(allowed({ ...event(ME), task: { host: OTHER } }, task(ME))).toBe(false)
    expect(allowed({ kind: 'Event', involvedObject: { kind: 'Host', name: ME } })).toBe(true)
    expect(allowed({ kind: 'Event', involvedObject: { kind: 'Host', name: OTHER } })).toBe(false)
    for (const kind of ['Job', 'Deployment', 'Event', 'host', undefined]) {
      expect(allowed({ kind: 'Event', involvedObject: { kind, name: ME } })).toBe(false)
    }
    expect(allowed(undefined)).toBe(false)
    expect(authorize(agent, { verb: 'update-status', kind: 'Task', name: 'web@web1' }).allowed).toBe(false)
  })

  test('an agent registers its own Host bare and may then write only its status', () => {
    const agent: AuthUser = { name: ME, role: 'agent' }
    const create = (object: unknown) => authorize(agent, { verb: 'create', kind: 'Host', name: ME, object })
    expect(create({ metadata: { name: ME }, spec: {} }).allowed).toBe(true)
    expect(create({ metadata: { name: ME, labels: {}, annotations: {} } }).allowed).toBe(true)
    for (const bad of [
      { metadata: { name: ME, labels: { role: 'db' } } },
      { metadata: { name: ME, annotations: { a: 'b' } } },
      { metadata: { name: ME }, spec: { unschedulable: true } },
      { metadata: { name: ME }, spec: { drain: true } },
    ]) {
      const decision = create(bad)
      expect(decision.allowed, JSON.stringify(bad)).toBe(false)
      if (!decision.allowed) expect(decision.reason).toContain('registers its Host without labels, annotations or spec')
    }
    for (const verb of ['update', 'apply', 'delete'] as const) {
      expect(authorize(agent, { verb, kind: 'Host', name: ME }).allowed, verb).toBe(false)
    }
  })
})
