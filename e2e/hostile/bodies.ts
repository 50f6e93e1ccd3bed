/** @module Request bodies: valid objects, the same made hostile at one path, broken JSON, deep nesting, > 1 MiB. */
import fc from 'fast-check'
import { job, validObject } from './objects.js'
import { JOB_TOKEN, NAMES, type Plural } from './targets.js'
import { deep, hostileString, hostileValue, loopbackAddress, setPath } from './values.js'

type Path = readonly string[]
const P = (...path: string[]): Path => path

/** Paths where a value means something to the role table or admission, with values aimed at them. */
const aimed = (port: number): Array<[Path, fc.Arbitrary<unknown>]> => [
  [P('metadata', 'labels'), fc.constantFrom({ role: 'evil' }, {}, { 'helios/apply-set': 'x' })],
  [P('metadata', 'annotations'), fc.constantFrom({ note: 'x'.repeat(200_000) }, { a: '\u001b[31m' }, {})],
  [P('spec', 'unschedulable'), fc.boolean()],
  [P('spec', 'drain'), fc.boolean()],
  [P('status', 'agentAddress'), loopbackAddress(port)],
  [P('status', 'state'), fc.constantFrom('UP', 'DOWN', 'RUNNING', 'up')],
  [P('status', 'labels'), fc.constantFrom({ role: 'db' }, { 'x/y': 'z' })],
  [P('spec', 'host'), fc.constantFrom('h1', 'h2', 'h3', 'H1')],
  [P('source'), fc.constantFrom({ component: 'apiserver' }, { component: 'agent', host: 'h2', user: 'alice' })],
  [P('source', 'component'), fc.constantFrom('apiserver', 'agent', 'controller', 'Apiserver')],
  [P('source', 'host'), fc.constantFrom('h1', 'h2')],
  [P('source', 'user'), fc.constantFrom('alice', 'system:controllers', 'anonymous')],
  [P('involvedObject'), fc.constantFrom(...involved)],
  [P('task'), fc.constantFrom(...eventTasks)],
  [P('message'), fc.constantFrom('user "alice" (admin) deleted job web:v1', '\u001b]0;pwned\u0007')],
  [P('spec', 'image'), fc.constantFrom('..', 'x/../../y', 'x@sha256:../../', 'UPPER', 'a b')],
  [P('spec', 'token'), fc.constantFrom(JOB_TOKEN, '', 'other')],
  [P('spec', 'job'), fc.constantFrom(...NAMES.jobs, 'missing:v9')],
  [P('spec', 'hosts'), fc.constantFrom(['h1'], ['h2'], ['h1', 'h2'], ['h3'], [])],
  [P('spec', 'volumes'), fc.constantFrom({ '/host': '/' }, { '/var/run/docker.sock': '/var/run/docker.sock' })],
  [P('spec', 'networkMode'), fc.constantFrom('host', 'container:other', 'none')],
  [
    P('spec', 'ports'),
    fc.constantFrom({ http: { internalPort: 80, externalPort: 20080 } }, { p: { internalPort: 0 } }),
  ],
  [P('spec', 'rollout', 'token'), fc.constantFrom(JOB_TOKEN, 'wrong')],
]

const involved = [
  { kind: 'Host', name: 'h1' },
  { kind: 'Host', name: 'h2' },
  { kind: 'Task', name: 'web@h1' },
  { kind: 'Task', name: 'api@h2' },
  { kind: 'Task', name: 'gone@h1' },
  { kind: 'Task', name: 'gone@h2' },
  { kind: 'Job', name: 'web:v1' },
]
const eventTasks = ['h1', 'h2'].flatMap((h) =>
  ['web:v1', 'other:v1'].map((j) => ({ host: h, job: j, jobId: `${j}:1`, state: 'RUNNING' })),
)

/** Any path at all: structure a schema must reject without stumbling. */
const anywhere: Path[] = [
  P('apiVersion'),
  P('kind'),
  P('metadata'),
  P('metadata', 'name'),
  P('metadata', 'resourceVersion'),
  P('metadata', 'uid'),
  P('metadata', 'generation'),
  P('metadata', 'labels', 'k'),
  P('spec'),
  P('spec', 'env'),
  P('spec', 'command'),
  P('status'),
  P('__proto__'),
  P('spec', '__proto__'),
  P('constructor', 'prototype'),
]

/** A valid object of `plural` named `name`, made hostile at one path (or left valid). */
export const objectBody = (plural: Plural, name: string, port: number): fc.Arbitrary<unknown> =>
  fc.tuple(fc.nat(5), fc.nat(9)).chain(([variant, how]) => {
    const valid = validObject(plural, name, variant)
    if (how < 4) return fc.constant(valid)
    if (how < 7) return fc.constantFrom(...aimed(port)).chain(([path, v]) => v.map((x) => setPath(valid, path, x)))
    return fc.tuple(fc.constantFrom(...anywhere), hostileValue).map(([path, x]) => setPath(valid, path, x))
  })

/** Bodies no client should send: broken or odd JSON, other encodings, deep nesting, one byte over the limit. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    '[]',
    '"x"',
    '42',
    '{',
    '{"kind":',
    '\ufeff{}',
    'kind=Job&metadata=x',
    '<job/>',
    '{"apiVersion":"helios/v1","kind":"Job","kind":"Host","metadata":{"name":"h3"},"spec":{"image":"a"}}',
    '{"apiVersion":"helios/v1","kind":"Host","metadata":{"name":"h1"},"metadata":{"name":"h2"},"spec":{}}',
    '{"__proto__":{"kind":"Job"},"apiVersion":"helios/v1","metadata":{"name":"p:v1"},"spec":{"image":"a"}}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.integer({ min: 10, max: 1500 }).map((n) => JSON.stringify(job('deep:v1', { env: deep(n, 'x') }))),
  fc.constantFrom(1024 * 1024 + 1, 1_100_000).map((n) => JSON.stringify(job('big:v1', { env: { A: 'x'.repeat(n) } }))),
)

/** The name part of a body or URL: a known object's name most of the time, else a hostile one. */
export const someName = (plural: Plural): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES[plural]) }, { weight: 1, arbitrary: hostileString })
