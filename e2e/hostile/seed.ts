/** @module The objects attacks aim at, each written by whom the role table lets write it; re-made when one is gone. */
import { deployment, event, host, hostStatus, job, task, taskStatus } from './objects.js'
import type { Snapshot } from './snapshot.js'
import { API, JOB_TOKEN, USERS, type UserKey } from './targets.js'

/** Sends one JSON request as `as` (undefined: no token, the open API's anonymous). */
export type SeedCall = (as: UserKey | undefined, method: string, path: string, body: unknown) => Promise<number>

interface Seed {
  key: string
  writes: Array<[UserKey, string, string, unknown]>
}

const registered = (name: 'h1' | 'h2'): Seed => ({
  key: `Host/${name}`,
  writes: [
    [name, 'POST', `${API}/hosts`, host(name)],
    [name, 'PUT', `${API}/hosts/${name}/status`, host(name, hostStatus('127.0.0.1:1'))],
  ],
})

const bound = (dep: string, on: 'h1' | 'h2', jobName: string): Seed => ({
  key: `Task/${dep}@${on}`,
  writes: [
    ['admin', 'POST', `${API}/tasks`, task(dep, on, jobName)],
    [on, 'PUT', `${API}/tasks/${dep}@${on}/status`, task(dep, on, jobName, taskStatus())],
  ],
})

/** In dependency order: Jobs before the Deployments that hold them. */
const SEEDS: Seed[] = [
  registered('h1'),
  registered('h2'),
  { key: 'Job/web:v1', writes: [['deployer', 'POST', `${API}/jobs`, job('web:v1')]] },
  { key: 'Job/api:v1', writes: [['admin', 'POST', `${API}/jobs`, job('api:v1')]] },
  { key: 'Job/locked:v1', writes: [['deployer', 'POST', `${API}/jobs`, job('locked:v1', { token: JOB_TOKEN })]] },
  {
    key: 'Deployment/web',
    writes: [['deployer', 'POST', `${API}/deployments`, deployment('web', { job: 'web:v1', hosts: ['h1'] })]],
  },
  {
    key: 'Deployment/api',
    writes: [['admin', 'POST', `${API}/deployments`, deployment('api', { job: 'api:v1', hosts: ['h2'] })]],
  },
  {
    key: 'Deployment/locked',
    writes: [
      [
        'deployer',
        'POST',
        `${API}/deployments`,
        deployment('locked', { job: 'locked:v1', hosts: ['h1'], rollout: { token: JOB_TOKEN } }),
      ],
    ],
  },
  bound('web', 'h1', 'web:v1'),
  bound('api', 'h2', 'api:v1'),
  bound('web', 'h2', 'web:v1'),
  {
    key: 'Event/seed-h1.1',
    writes: [['h1', 'POST', `${API}/events`, event('seed-h1.1', { kind: 'Host', name: 'h1' }, { component: 'agent' })]],
  },
  {
    key: 'Event/seed-h2.1',
    writes: [
      ['h2', 'POST', `${API}/events`, event('seed-h2.1', { kind: 'Task', name: 'api@h2' }, { component: 'agent' })],
    ],
  },
  {
    key: 'Event/seed-ctl.1',
    writes: [
      [
        'admin',
        'POST',
        `${API}/events`,
        event('seed-ctl.1', { kind: 'Deployment', name: 'web' }, { component: 'controller' }),
      ],
    ],
  },
]

/** What seeding did: the seeds it (re)wrote, and its writes that failed as `Kind/name: METHOD path as user → status`. */
export interface SeedResult {
  written: string[]
  failed: string[]
}

/** Writes every seed missing from `snapshot` (all of them when it is undefined). `open`: every write goes without a token. */
export async function seedMissing(call: SeedCall, open: boolean, snapshot?: Snapshot): Promise<SeedResult> {
  const result: SeedResult = { written: [], failed: [] }
  for (const seed of SEEDS) {
    if (snapshot?.has(seed.key)) continue
    result.written.push(seed.key)
    for (const [as, method, path, body] of seed.writes) {
      const status = await call(open ? undefined : as, method, path, body)
      if (status < 200 || status >= 300) result.failed.push(`${seed.key}: ${method} ${path} as ${as} → ${status}`)
    }
  }
  return result
}

/** A SeedCall through fetch against `url`. */
export const fetchCall =
  (url: string): SeedCall =>
  async (as, method, path, body) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (as) headers.authorization = `Bearer ${USERS[as].token}`
    const res = await fetch(url + path, { method, headers, body: JSON.stringify(body) })
    await res.arrayBuffer()
    return res.status
  }
