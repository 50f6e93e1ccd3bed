/** @module Valid objects of every kind, as seeds and as the starting point of hostile bodies. */
import { IMAGE, JOB_TOKEN, type Plural } from './targets.js'

type Obj = Record<string, unknown>
const meta = (name: string, labels: Record<string, string> = {}) => ({ name, labels })
const WHEN = '2024-05-01T12:00:00.000Z'

export const job = (name: string, spec: Obj = {}): Obj => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: meta(name),
  spec: { image: IMAGE, ports: { http: { internalPort: 80 } }, env: { A: '1' }, ...spec },
})

export const deployment = (name: string, spec: Obj): Obj => ({
  apiVersion: 'helios/v1',
  kind: 'Deployment',
  metadata: meta(name),
  spec,
})

/** A Host as its agent registers it (bare), or with the status its agent reports. */
export const host = (name: string, status?: Obj): Obj => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: meta(name),
  spec: {},
  ...(status ? { status } : {}),
})

export const hostStatus = (agentAddress: string, state = 'UP'): Obj => ({
  state,
  lastHeartbeat: WHEN,
  agentAddress,
  labels: { role: 'web' },
})

/** A Task `<deployment>@<host>` as the deployment controller writes it (admin only), optionally with a status. */
export const task = (deploymentName: string, hostName: string, jobName = 'web:v1', status?: Obj): Obj => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `${deploymentName}@${hostName}` },
  spec: {
    host: hostName,
    deployment: deploymentName,
    job: jobName,
    jobId: `${jobName}:0123abcd`,
    jobSpec: { image: IMAGE },
    goal: 'START',
  },
  ...(status ? { status } : {}),
})

export const taskStatus = (state = 'RUNNING'): Obj => ({ state, updatedAt: WHEN, containerId: 'c0ffee' })

/** An Event about `involved`, as `source` claims to report it. */
export const event = (name: string, involved: { kind: string; name: string }, source: Obj, extra: Obj = {}): Obj => ({
  apiVersion: 'helios/v1',
  kind: 'Event',
  metadata: { name },
  involvedObject: involved,
  reason: 'TaskState',
  message: 'hostile client was here',
  source,
  timestamp: WHEN,
  ...extra,
})

/** A plausible, valid object of the plural's kind named `name` (with status, so it also fits a status write). */
export function validObject(plural: Plural, name: string, variant: number): Obj {
  const hostName = variant % 2 ? 'h2' : 'h1'
  switch (plural) {
    case 'jobs':
      return variant % 3 === 2 ? job(name, { token: JOB_TOKEN }) : job(name)
    case 'deployments':
      return deployment(name, { job: variant % 2 ? 'api:v1' : 'web:v1', hosts: [hostName] })
    case 'hosts':
      return host(name, hostStatus('127.0.0.1:1', variant % 3 === 2 ? 'DOWN' : 'UP'))
    case 'tasks': {
      const at = name.lastIndexOf('@')
      const [dep, on] = at > 0 ? [name.slice(0, at), name.slice(at + 1).replace(/~surge$/, '')] : ['web', hostName]
      const t = task(dep || 'web', on || hostName, 'web:v1', taskStatus(variant % 2 ? 'FAILED' : 'RUNNING'))
      return { ...t, metadata: { name } }
    }
    case 'events': {
      // An agent's Events are about its own host (named in the Event's name) and claim every kind of source.
      const about = /^h[12]-/.test(name) && variant < 4 ? name.slice(0, 2) : hostName
      const other = about === 'h1' ? 'h2' : 'h1'
      const claims = [
        { component: 'agent', host: about },
        { component: 'agent', host: other },
        { component: 'controller' },
        { component: 'agent', host: about, user: 'alice' },
      ]
      const involved = variant % 3 === 2 ? { kind: 'Task', name: `web@${about}` } : { kind: 'Host', name: about }
      return event(name, involved, claims[variant % claims.length] as Obj)
    }
  }
}
