/** @module Host paths as Docker and the kernel read them: lexical normal form, prefix containment, the engine's own paths. */

/**
 * Paths that give a container the host (engine sockets and state, kernel interfaces, system config). A prefix
 * that merely contains one does not open it, so `--allow-host-path /var` never lets `/var/run/docker.sock`
 * through by accident (see judgeHostPath).
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/docker',
  '/run/docker',
  '/var/run/containerd',
  '/run/containerd',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/etc',
  '/root',
]

/** A Docker volume name (its local driver's rule); a bind source that is not absolute must be one. */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

// C0, DEL and C1 controls: no sane path holds them, and a NUL ends the path early in every C API.
const isControl = (c: string): boolean => {
  const code = c.charCodeAt(0)
  return code < 0x20 || (code >= 0x7f && code <= 0x9f)
}
// A lone surrogate reaches the engine as U+FFFD: the path judged would not be the path mounted.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export type NormalPath = { path: string } | { problem: string }

/**
 * `source` in lexical normal form (`//` and `.` segments collapsed, no trailing `/`), or why it has none.
 * `..` is refused rather than resolved: the kernel resolves it after following symlinks, so `/a/link/..`
 * is not `/a` on the host, and no lexical rule can agree with it. Docker and the kernel decode neither
 * `%2e` nor look-alike characters (`／`, `‥`), so such a segment would be a plain name to them; but a reader
 * (or another tool) may see a path elsewhere, so they are refused too, as are invisible format characters.
 */
export function normalizeHostPath(source: string): NormalPath {
  if (!source.startsWith('/')) return { problem: 'is not an absolute path' }
  if ([...source].some(isControl)) return { problem: 'holds a control character' }
  if (LONE_SURROGATE.test(source)) return { problem: 'is not valid Unicode' }
  // Docker reads `source:target[:mode]` with ':' as the separator; a ':' in the source changes the mount.
  if (source.includes(':')) return { problem: 'holds ":"' }
  if (PERCENT_ESCAPE.test(source)) return { problem: 'holds a percent escape, which Docker does not decode' }
  if (FORMAT_CHARACTER.test(source)) return { problem: 'holds an invisible format character' }
  const segments = source.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) return { problem: 'holds a ".." segment' }
  if (segments.some(looksLikeDots)) return { problem: 'holds a character that looks like "/", "." or ":"' }
  return { path: `/${segments.join('/')}` }
}

const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/
const FORMAT_CHARACTER = /\p{Cf}/u
// NFKC folds compatibility forms (fullwidth solidus, two-dot leader) into the characters they imitate.
const looksLikeDots = (segment: string): boolean => {
  const folded = segment.normalize('NFKC')
  return folded !== segment && (folded === '.' || folded === '..' || /[/:]/.test(folded))
}

/** True when `path` is `prefix` or lies below it, segment by segment (`/data2` is not under `/data`). */
export const isUnder = (path: string, prefix: string): boolean =>
  prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)

/** The sensitive paths `path` is, lies inside, or contains (mounting `/var/run` exposes the socket in it). */
export const sensitivePathsTouched = (path: string): string[] =>
  SENSITIVE_HOST_PATHS.filter((s) => isUnder(path, s) || isUnder(s, path))

/**
 * Whether `path` (normal form) may be mounted under `prefixes` (normal form), or why not. It must lie under
 * a prefix; and each sensitive path it touches must be opened on purpose: a path inside one needs a prefix
 * at or inside that sensitive path covering it, a path containing one (`/var/run`, `/`) needs it listed itself.
 */
export function judgeHostPath(path: string, prefixes: readonly string[]): string | undefined {
  if (!prefixes.some((p) => isUnder(path, p))) return 'is not under an allowed prefix'
  const opened = (s: string) => prefixes.some((p) => isUnder(p, s) && (isUnder(path, p) || p === s))
  const closed = sensitivePathsTouched(path).filter((s) => !opened(s))
  if (closed.length === 0) return undefined
  return `exposes ${closed.join(', ')}: a prefix that merely contains it does not open it (name it, or a path inside it)`
}
