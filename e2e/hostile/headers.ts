/** @module Request headers: credentials of every role and broken ones, content types, and what a browser page sends. */
import fc from 'fast-check'
import { USER_KEYS, USERS, type UserKey } from './targets.js'

/** The Authorization header(s) of a request (an array sends the header once per value), labelled for the report. */
export interface Credential {
  label: string
  authorization?: string | string[]
}

const bearer = (key: UserKey): Credential => ({ label: key, authorization: `Bearer ${USERS[key].token}` })

/** Spellings of a token that a lax parser might accept, and combinations that smuggle a second token in. */
function variants(key: UserKey): Credential[] {
  const { token, name } = USERS[key]
  const viewer = USERS.viewer.token
  const label = (how: string) => `${key} ${how}`
  return [
    { label: label('lower-case scheme'), authorization: `bearer ${token}` },
    { label: label('tab'), authorization: `BEARER\t${token}` },
    { label: label('trailing space'), authorization: `Bearer ${token} ` },
    { label: label('two spaces'), authorization: `Bearer  ${token}` },
    { label: label('upper-cased'), authorization: `Bearer ${token.toUpperCase()}` },
    { label: label('one more character'), authorization: `Bearer ${token}x` },
    { label: label('one character less'), authorization: `Bearer ${token.slice(0, -1)}` },
    { label: label('basic'), authorization: `Basic ${Buffer.from(`${name}:${token}`).toString('base64')}` },
    { label: label('no scheme'), authorization: token },
    { label: label('after a viewer, comma'), authorization: `Bearer ${viewer},Bearer ${token}` },
    { label: label('after a viewer, twice'), authorization: [`Bearer ${viewer}`, `Bearer ${token}`] },
    { label: label('before a viewer, twice'), authorization: [`Bearer ${token}`, `Bearer ${viewer}`] },
  ]
}

const broken: Credential[] = [
  { label: 'no token' },
  { label: 'unknown token', authorization: 'Bearer unknown-token-0000' },
  { label: 'empty bearer', authorization: 'Bearer' },
  { label: 'bearer space', authorization: 'Bearer ' },
  { label: 'two words', authorization: 'Bearer a b' },
  { label: 'other scheme', authorization: 'Token abcdefgh' },
  { label: 'huge token', authorization: `Bearer ${'x'.repeat(12_000)}` },
  { label: 'latin-1 token', authorization: 'Bearer h\u00e9llo-w\u00f6rld' },
]

export const credential: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...USER_KEYS).map(bearer) },
  { weight: 3, arbitrary: fc.constantFrom(...USER_KEYS.flatMap(variants)) },
  { weight: 3, arbitrary: fc.constantFrom(...broken) },
)

/** The other headers; `{port}` in a Host value stands for the apiserver's port. */
export interface OtherHeaders {
  contentType?: string
  origin?: string
  host?: string
  secFetchSite?: string
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']
const OTHER_TYPES = [
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/yaml',
  'application/jsonx',
  'json',
  '',
]

/** `arbitrary` in one request out of `oneIn`, else absent. */
const sometimes = <T>(oneIn: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })

export const otherHeaders: fc.Arbitrary<OtherHeaders> = fc.record({
  contentType: fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...JSON_TYPES) },
    { weight: 3, arbitrary: fc.constantFrom(...OTHER_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  origin: sometimes(
    12,
    fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:{port}', 'http://localhost:{port}'),
  ),
  host: sometimes(
    10,
    fc.constantFrom(
      'evil.example',
      'evil.example:{port}',
      '127.0.0.1.evil.example',
      'localhost.evil.example:{port}',
      'localhost:{port}',
      '127.0.0.1:{port}',
      '[::1]:{port}',
      'LOCALHOST',
      '2130706433:{port}',
      '',
    ),
  ),
  secFetchSite: sometimes(12, fc.constantFrom('cross-site', 'same-origin', 'same-site', 'none')),
})

/** Host names a rebound DNS name would use: the open loopback API must refuse every request that names them. */
export const isForeignHost = (host: string): boolean => /evil\.example/i.test(host)

/** Whether a request of these headers carries a body type a page can send without asking first (no JSON). */
export const isJsonType = (type: string | undefined): boolean =>
  type !== undefined && /^application\/(json|[^\s;/]+\+json)\s*(;|$)/i.test(type)
