/** @module What the hostile client aims at: the API prefix, the token file's users, and the names of seeded objects. */

export const API = '/apis/helios/v1'
export const PLURALS = ['jobs', 'deployments', 'hosts', 'tasks', 'events'] as const
export type Plural = (typeof PLURALS)[number]
export const KIND_OF: Record<Plural, string> = {
  jobs: 'Job',
  deployments: 'Deployment',
  hosts: 'Host',
  tasks: 'Task',
  events: 'Event',
}

export type Role = 'admin' | 'deployer' | 'viewer' | 'agent'

/** One line of the token file: an agent's user is its Host's name. */
export interface TokenUser {
  token: string
  name: string
  role: Role
}

export const USERS = {
  admin: { token: 'hostile-admin-0a1b2c', name: 'alice', role: 'admin' },
  deployer: { token: 'hostile-deployer-3d4e5f', name: 'ci', role: 'deployer' },
  viewer: { token: 'hostile-viewer-6a7b8c', name: 'bob', role: 'viewer' },
  h1: { token: 'hostile-agent-h1-9d0e1f', name: 'h1', role: 'agent' },
  h2: { token: 'hostile-agent-h2-2a3b4c', name: 'h2', role: 'agent' },
} as const satisfies Record<string, TokenUser>
export type UserKey = keyof typeof USERS
export const USER_KEYS = Object.keys(USERS) as UserKey[]

/** The token file's text (token,user,role lines). */
export const tokenFile = (): string =>
  `${Object.values(USERS)
    .map((u) => `${u.token},${u.name},${u.role}`)
    .join('\n')}\n`

/** A Job token (Helios' per-Job guard) one seeded Job carries; the hostile client sends it, and wrong ones. */
export const JOB_TOKEN = 'job-secret-7788'

/** Names the generators reuse, so that creates, reads, replaces and deletes meet on the same objects. */
export const NAMES: Record<Plural, readonly string[]> = {
  jobs: ['web:v1', 'api:v1', 'locked:v1', 'fresh:v1', 'fresh:v2'],
  deployments: ['web', 'api', 'locked', 'fresh'],
  hosts: ['h1', 'h2', 'h3'],
  tasks: ['web@h1', 'api@h2', 'web@h2', 'fresh@h1', 'fresh@h2', 'web@h1~surge'],
  events: ['seed-h1.1', 'seed-h2.1', 'seed-ctl.1', 'fresh.1'],
}

/** The Docker image every plausible Job names (never pulled in the API phase: no agent runs there). */
export const IMAGE = 'helios-test/busybox:latest'
