/**
 * @module Requests a real client of each role would send (canonical routes, JSON, its own token), with objects made
 * hostile at one path: enough of them succeed that the role table is judged on real writes, not only on refusals.
 */
import fc from 'fast-check'
import { objectBody } from './bodies.js'
import type { HostileRequest } from './requests.js'
import { API, JOB_TOKEN, NAMES, type Plural, USER_KEYS, USERS, type UserKey } from './targets.js'

const numbered = (prefix: string, suffix = '') => fc.nat(15).map((n) => `${prefix}${n}${suffix}`)

const target = (plural: Plural, names: fc.Arbitrary<string>): fc.Arbitrary<[Plural, string]> =>
  names.map((name) => [plural, name])

/** Names an agent aims at: mostly its own Host and Tasks, sometimes the other host's. */
function agentTarget(host: 'h1' | 'h2'): fc.Arbitrary<[Plural, string]> {
  const other = host === 'h1' ? 'h2' : 'h1'
  return fc.oneof(
    { weight: 3, arbitrary: target('hosts', fc.constantFrom(host, host, other)) },
    { weight: 3, arbitrary: target('tasks', fc.constantFrom(...NAMES.tasks)) },
    { weight: 3, arbitrary: target('events', numbered(`${host}-ev.`)) },
    { weight: 1, arbitrary: target('jobs', fc.constant('web:v1')) },
  )
}

const anyTarget: fc.Arbitrary<[Plural, string]> = fc.oneof(
  { weight: 3, arbitrary: target('jobs', fc.oneof(fc.constantFrom(...NAMES.jobs), numbered('j', ':v1'))) },
  { weight: 3, arbitrary: target('deployments', fc.oneof(fc.constantFrom(...NAMES.deployments), numbered('d'))) },
  { weight: 2, arbitrary: target('hosts', fc.constantFrom(...NAMES.hosts)) },
  { weight: 1, arbitrary: target('tasks', fc.constantFrom(...NAMES.tasks)) },
  { weight: 1, arbitrary: target('events', numbered('ev.')) },
)

type Verb = 'create' | 'replace' | 'status' | 'delete' | 'apply' | 'dry-run' | 'read' | 'watch'
const VERBS: Verb[] = [
  'create',
  'create',
  'replace',
  'replace',
  'status',
  'status',
  'delete',
  'apply',
  'apply',
  'dry-run',
  'read',
  'watch',
]

function shape(
  verb: Verb,
  plural: Plural,
  name: string,
  body: unknown,
): Pick<HostileRequest, 'method' | 'path' | 'body'> {
  const one = `${API}/${plural}/${encodeURIComponent(name)}`
  const json = JSON.stringify(body)
  switch (verb) {
    case 'create':
      return { method: 'POST', path: `${API}/${plural}`, body: json }
    case 'replace':
      return { method: 'PUT', path: one, body: json }
    case 'status':
      return { method: 'PUT', path: `${one}/status`, body: json }
    case 'delete':
      return {
        method: 'DELETE',
        path: plural === 'jobs' || plural === 'deployments' ? `${one}?token=${JOB_TOKEN}` : one,
      }
    case 'apply':
      return { method: 'POST', path: `${API}/apply`, body: json }
    case 'dry-run':
      return { method: 'DELETE', path: `${one}?dryRun=true` }
    case 'read':
      return { method: 'GET', path: plural === 'tasks' ? `${one}/log` : one }
    case 'watch':
      return { method: 'GET', path: `${API}/${plural}?watch=1` }
  }
}

/** One plausible request of a random role against an apiserver on `port`. */
export const plausibleRequest = (port: number): fc.Arbitrary<HostileRequest> =>
  fc.constantFrom(...USER_KEYS).chain((key: UserKey) =>
    fc
      .tuple(key === 'h1' || key === 'h2' ? agentTarget(key) : anyTarget, fc.constantFrom(...VERBS))
      .chain(([[plural, name], verb]) =>
        objectBody(plural, name, port).map((body) => ({
          ...shape(verb, plural, name, body),
          credential: { label: key, authorization: `Bearer ${USERS[key].token}` },
          headers: { contentType: 'application/json' },
        })),
      ),
  )
