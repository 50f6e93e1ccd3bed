/** @module Request targets: every route in case and encoding variants, traversal tricks, hostile names and queries. */
import fc from 'fast-check'
import { API, JOB_TOKEN, type Plural, USERS } from './targets.js'

/** A route word as written, in upper case, capitalized, percent-encoded, or with a trailing `/`, `%2F`, `;`, NUL. */
export const spelled = (word: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(word) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        word.toUpperCase(),
        `${word[0]?.toUpperCase()}${word.slice(1)}`,
        word.replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c)),
        `%${(word.charCodeAt(0) ?? 0).toString(16)}${word.slice(1)}`,
        `%${(word.charCodeAt(0) ?? 0).toString(16).toUpperCase()}${word.slice(1)}`,
        [...word].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''),
        `${word}/`,
        `${word}%2F`,
        `${word};x`,
        `${word}%00`,
        `${word}%20`,
        `${word}.`,
        `./${word}`,
      ),
    },
  )

/** Percent-encodes what Node's client refuses in a path (outside U+0021–U+00FF) and what would end the path. */
export function pathSafe(text: string): string {
  return text.replace(/[^\u0021-\u00ff]|[?#]/gu, (c) => {
    try {
      return encodeURIComponent(c)
    } catch {
      return '%ED%A0%80' // a lone surrogate: the invalid UTF-8 it would be
    }
  })
}

/** A name as one URL segment: as it is (made sendable), encoded, or encoded twice; cut at 20,000 characters. */
export const nameSegment = (name: string): fc.Arbitrary<string> => {
  const cut = name.slice(0, 20_000)
  const encoded = pathSafe(cut).replace(/\//g, '%2F')
  return fc.constantFrom(pathSafe(cut), encoded, encoded.replace(/%/g, '%25'))
}

/** Paths that try to leave or re-enter a route through `..`, `.`, encoded slashes and doubled slashes. */
export const traversal: fc.Arbitrary<string> = fc.constantFrom(
  `${API}/jobs/../hosts/h1/status`,
  `${API}/x/%2e%2e/hosts/h2/status`,
  `${API}/hosts/h1%2Fstatus`,
  `${API}/hosts/h1/status/..`,
  `${API}/hosts/h1/status/.`,
  `${API}/hosts/h1/status/%2e%2e`,
  `${API}//hosts//h1//status`,
  `${API}/apply/..`,
  `${API}/tasks/web@h1/log/../status`,
  `${API}/tasks/api@h2%2Fstatus`,
  `${API}/tasks/..%2Fhosts%2Fh1/status`,
  '/apis//helios/v1/apply',
  '/./apis/helios/v1/apply',
  '/apis/helios/v1/../v1/apply',
  '/apis/helios/v2/../v1/jobs',
  '/APIS/helios/v1/apply',
  '/apis/HELIOS/v1/jobs',
  '/apis/helios/V1/jobs',
  '/%61pis/helios/v1/apply',
  `${API}%2Fapply`,
  '//apis/helios/v1/apply',
  '/apis/helios/v1',
  '/apis/helios',
  '/',
  '*',
  '/healthz',
  '/readyz',
  '/metrics',
  '/version',
  '/leader',
  '/openapi/v2',
)

export type Route = 'list' | 'one' | 'status' | 'apply' | 'prune' | 'log'

/** The path of `route` for `plural` and a name already made into a segment. */
export const routePath = (route: Route, plural: Plural, segment: string): fc.Arbitrary<string> => {
  switch (route) {
    case 'list':
      return spelled(plural).map((p) => `${API}/${p}`)
    case 'one':
      return spelled(plural).map((p) => `${API}/${p}/${segment}`)
    case 'status':
      return fc.tuple(spelled(plural), spelled('status')).map(([p, s]) => `${API}/${p}/${segment}/${s}`)
    case 'apply':
      return spelled('apply').map((a) => `${API}/${a}`)
    case 'prune':
      return fc
        .tuple(spelled('applysets'), fc.constantFrom('x', 'set-1', '..', '%2e%2e', 'A'.repeat(64)), spelled('prune'))
        .map(([a, id, p]) => `${API}/${a}/${id}/${p}`)
    case 'log':
      return spelled('log').map((l) => `${API}/tasks/${segment}/${l}`)
  }
}

const queryValues: Record<string, fc.Arbitrary<string>> = {
  dryRun: fc.constantFrom('true', '1', 'All', 'false', '0', 'yes', 'TRUE', 'all', ''),
  watch: fc.constantFrom('1', 'true', '0', 'yes', ''),
  resourceVersion: fc.constantFrom('0', '1', '99999999999999', '-1', 'abc', '1e3', ''),
  labelSelector: fc.constantFrom('role=web', 'role in (web,db)', 'x in (a,', '!', '=,=', 'a'.repeat(5000)),
  fieldSelector: fc.constantFrom('spec.host=h1', 'spec.host=h2', 'metadata.name=web', 'status.x=y', '=='),
  token: fc.constantFrom(JOB_TOKEN, 'wrong', USERS.admin.token, ''),
  set: fc.constantFrom('x', '', '..', 'A'.repeat(70)),
  follow: fc.constantFrom('1', 'true'),
  tailLines: fc.constantFrom('1', '-1', '99999999999', 'x'),
}
const queryKeys = [...Object.keys(queryValues), 'DRYRUN', 'dryrun', 'dry%52un', '__proto__', 'constructor']

const param = fc.constantFrom(...queryKeys).chain((key) => {
  const name = key.toLowerCase().replace('%52', 'r')
  const values = Object.entries(queryValues).find(([k]) => k.toLowerCase() === name)?.[1] ?? fc.constant('1')
  return fc.tuple(fc.constant(key), values, fc.boolean())
})

/** `?k=v&…`, half the time empty: real parameters and misspelled ones, repeated keys, values raw or encoded. */
export const query: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc
    .array(param, { minLength: 1, maxLength: 3 })
    .map(
      (params) =>
        `?${params.map(([k, v, raw]) => `${k}=${raw ? pathSafe(v).replace(/&/g, '%26') : encodeURIComponent(v)}`).join('&')}`,
    ),
)
