/** @module Docker image references (distribution/reference's grammar), parsed by a pure function; Job images are checked with it. */

/**
 * `[domain/]path[:tag][@digest]`, e.g. `registry:5000/team/app:v1` → domain `registry:5000`, path `team/app`,
 * tag `v1`; `name` is domain and path together, as Docker's API takes it.
 */
export interface ImageRef {
  domain?: string
  path: string
  name: string
  tag?: string
  digest?: string
}

/** distribution/reference's NameTotalLengthMax. */
export const IMAGE_NAME_MAX = 255
// The grammar puts no bound on a digest; sha512's 128 hex digits under a long algorithm name fit in this.
const DIGEST_MAX = 200

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/
const PORT = /^[0-9]+$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/
// What the engine's digest package then demands of the algorithms it knows.
const KNOWN_DIGESTS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

const SEPARATORS = 'lowercase letters and digits, joined by ".", "_", "__" or "-"'

/** The parsed reference, or a one-line message saying what is wrong with it (values quoted, long ones cut). */
export function parseImageRef(ref: string): ImageRef | string {
  if (ref === '') return 'is empty'
  const odd = /[^\x21-\x7e]/u.exec(ref)?.[0]
  if (odd !== undefined) return `contains ${describeChar(odd)}; a reference is printable ASCII without spaces`
  const at = ref.indexOf('@')
  const digest = at < 0 ? undefined : ref.slice(at + 1)
  const named = at < 0 ? ref : ref.slice(0, at)
  const colon = named.lastIndexOf(':')
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined
  const name = tag === undefined ? named : named.slice(0, colon)
  if (name.length > IMAGE_NAME_MAX) return `name is ${name.length} characters long, at most ${IMAGE_NAME_MAX}`
  const parts = name.split('/')
  const domain = parts.length > 1 && isDomainLike(parts[0] ?? '') ? parts.shift() : undefined
  const problem =
    (domain === undefined ? undefined : domainProblem(domain)) ??
    pathProblem(parts) ??
    (tag === undefined ? undefined : tagProblem(tag)) ??
    (digest === undefined ? undefined : digestProblem(digest))
  if (problem) return problem
  return {
    ...(domain === undefined ? {} : { domain }),
    path: parts.join('/'),
    name,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  }
}

/** What is wrong with `ref` as a Docker image reference, or undefined when nothing is. */
export function imageRefProblem(ref: string): string | undefined {
  const parsed = parseImageRef(ref)
  return typeof parsed === 'string' ? parsed : undefined
}

// Docker's own rule (splitDockerDomain): a first component with ".", ":" or capitals, or "localhost", is a registry.
const isDomainLike = (first: string): boolean => /[.:A-Z]/.test(first) || first === 'localhost'

function domainProblem(domain: string): string | undefined {
  const colon = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':')
  const host = colon < 0 ? domain : domain.slice(0, colon)
  const port = colon < 0 ? undefined : domain.slice(colon + 1)
  const hostOk = IPV6_HOST.test(host) || (host !== '' && host.split('.').every((c) => DOMAIN_COMPONENT.test(c)))
  if (!hostOk)
    return `registry ${quoted(host)} is not a host name (letters, digits and "-" between dots) or [IPv6 address]`
  if (port !== undefined && !PORT.test(port)) return `registry port ${quoted(port)} is not a number`
  return undefined
}

function pathProblem(components: string[]): string | undefined {
  for (const component of components) {
    if (component === '') return 'has an empty path component (a leading, trailing or doubled "/")'
    if (PATH_COMPONENT.test(component)) continue
    if (PATH_COMPONENT.test(component.toLowerCase()))
      return `path component ${quoted(component)} has capital letters; repository names are lowercase`
    return `path component ${quoted(component)} is not ${SEPARATORS}`
  }
  return undefined
}

function tagProblem(tag: string): string | undefined {
  if (TAG.test(tag)) return undefined
  return `tag ${quoted(tag)} is not 1 to 128 of letters, digits, "_", "." and "-" (not starting with "." or "-")`
}

function digestProblem(digest: string): string | undefined {
  if (digest.length > DIGEST_MAX || !DIGEST.test(digest))
    return `digest ${quoted(digest)} is not algorithm:hex with at least 32 hex digits (e.g. sha256:<64 hex digits>)`
  const [algorithm = '', hex = ''] = digest.split(':')
  const length = KNOWN_DIGESTS[algorithm]
  if (length !== undefined && (hex.length !== length || /[A-F]/.test(hex)))
    return `digest ${quoted(digest)}: ${algorithm} takes exactly ${length} lowercase hex digits, not ${hex.length}`
  return undefined
}

/** A value in a message: JSON-quoted (so nothing in it reaches a terminal raw) and cut when long. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 72 ? `${value.slice(0, 64)}…` : value)
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return code <= 0x20 || code === 0x7f ? `whitespace or a control character (${hex})` : `a non-ASCII character (${hex})`
}
