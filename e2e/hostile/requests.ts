/** @module One hostile request as data (printable, replayable from a seed): method, raw path, headers, body. */
import fc from 'fast-check'
import { objectBody, rawBody, someName } from './bodies.js'
import { type Credential, credential, type OtherHeaders, otherHeaders } from './headers.js'
import { nameSegment, query, type Route, routePath, traversal } from './paths.js'
import { plausibleRequest } from './plausible.js'
import { PLURALS, type Plural } from './targets.js'

export interface HostileRequest {
  method: string
  /** Path and query exactly as sent: never normalized (fetch would resolve `..`). */
  path: string
  credential: Credential
  headers: OtherHeaders
  body?: string
}

const ROUTES: Array<{ weight: number; arbitrary: fc.Arbitrary<Route | 'traversal'> }> = [
  { weight: 3, arbitrary: fc.constant('list') },
  { weight: 4, arbitrary: fc.constant('one') },
  { weight: 4, arbitrary: fc.constant('status') },
  { weight: 3, arbitrary: fc.constant('apply') },
  { weight: 1, arbitrary: fc.constant('prune') },
  { weight: 1, arbitrary: fc.constant('log') },
  { weight: 2, arbitrary: fc.constant('traversal') },
]

/** Methods per route, repeated by weight; every route also meets verbs it does not serve. */
const METHODS: Record<Route | 'traversal', string[]> = {
  list: ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'],
  one: ['GET', 'GET', 'PUT', 'PUT', 'PUT', 'DELETE', 'DELETE', 'POST', 'PATCH', 'HEAD', 'OPTIONS'],
  status: ['PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'GET', 'POST', 'DELETE', 'PATCH'],
  apply: ['POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'PUT', 'GET', 'OPTIONS', 'PATCH'],
  prune: ['POST', 'POST', 'POST', 'DELETE', 'GET'],
  log: ['GET', 'GET', 'GET', 'HEAD', 'POST'],
  traversal: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'],
}
const WRITES = new Set(['POST', 'PUT', 'PATCH'])

/** Another plural one time in eight: a body whose kind does not match its URL. */
const maybeOther = (plural: Plural): fc.Arbitrary<Plural> =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(plural) }, { weight: 1, arbitrary: fc.constantFrom(...PLURALS) })

const pruneBody: fc.Arbitrary<unknown> = fc.constantFrom(
  { keep: [] },
  { keep: [{ kind: 'Job', name: 'web:v1' }] },
  {
    keep: [
      { kind: 'Host', name: 'h1' },
      { kind: 'Nope', name: 'x' },
    ],
  },
  { keep: 'all' },
)

/** The body for a request of `method` on `route` about `plural`/`name`: mostly an object, sometimes raw or none. */
function bodyFor(method: string, route: Route | 'traversal', plural: Plural, name: string, port: number) {
  const object = (p: Plural) => objectBody(p, name, port).map((o) => JSON.stringify(o))
  const none = fc.constant(undefined)
  if (!WRITES.has(method)) return fc.oneof({ weight: 8, arbitrary: none }, { weight: 1, arbitrary: object(plural) })
  const main = route === 'prune' ? pruneBody.map((b) => JSON.stringify(b)) : maybeOther(plural).chain((p) => object(p))
  return fc.oneof({ weight: 12, arbitrary: main }, { weight: 2, arbitrary: rawBody }, { weight: 1, arbitrary: none })
}

/** Requests against an apiserver on `port`: half plausible (plausible.ts), half anything at all (wildRequest). */
export const hostileRequest = (port: number): fc.Arbitrary<HostileRequest> =>
  fc.oneof(plausibleRequest(port), wildRequest(port))

/** Any route in any spelling, any verb, credential, headers, query and body (Host and Origin may name `port`). */
export const wildRequest = (port: number): fc.Arbitrary<HostileRequest> =>
  fc
    .record({
      route: fc.oneof(...ROUTES),
      plural: fc.constantFrom(...PLURALS),
      credential,
      headers: otherHeaders,
      query,
    })
    .chain(({ route, plural, credential, headers, query }) =>
      fc
        .record({
          method: fc.constantFrom(...METHODS[route]),
          name: someName(route === 'log' ? 'tasks' : plural),
          // One time in six the URL names another object than the body.
          other: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: someName(plural) }),
        })
        .chain(({ method, name, other }) =>
          fc
            .record({
              path:
                route === 'traversal'
                  ? traversal
                  : nameSegment(other ?? name).chain((segment) => routePath(route, plural, segment)),
              body: bodyFor(method, route, route === 'log' ? 'tasks' : plural, name, port),
            })
            .map(({ path, body }) => ({ method, path: `${path}${query}`, credential, headers, body })),
        ),
    )

/** The request as one line for a report, long parts cut. */
export function describeRequest(r: HostileRequest): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s)
  const headers = Object.entries(r.headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  const body = r.body === undefined ? 'no body' : `body ${cut(r.body, 600)}`
  return `${r.method} ${cut(r.path, 300)} as ${r.credential.label} [${headers.join(' ')}] ${body}`
}
