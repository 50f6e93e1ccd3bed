/** @module Docker security options in one spelling, as the engine's parseSecurityOpt reads them, so an allow-list compares meanings. */

/** Options that only take privileges away, allowed without a flag. */
export const HARDENING_SECURITY_OPTS: readonly string[] = ['no-new-privileges=true']

const BOOLEAN_KEYS = new Set(['no-new-privileges', 'writable-cgroups'])
// Go's strconv.ParseBool, which the engine uses for these keys.
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/**
 * `key=value` as the engine understands `opt`: the bare forms (`no-new-privileges`, `writable-cgroups`,
 * `disable`) written out, the deprecated `key:value` separator read as `=`, booleans in Go's spellings
 * folded to true/false. Keys and values stay case-sensitive, as the engine's are: `SECCOMP=unconfined`
 * is not a seccomp option to it (it refuses the container), so it is not one here either.
 */
export function canonicalSecurityOpt(opt: string): string {
  if (opt === 'disable') return 'label=disable'
  if (BOOLEAN_KEYS.has(opt)) return `${opt}=true`
  const separator = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined
  if (separator === undefined) return opt
  const at = opt.indexOf(separator)
  const key = opt.slice(0, at)
  const value = opt.slice(at + 1)
  if (BOOLEAN_KEYS.has(key) && GO_TRUE.has(value)) return `${key}=true`
  if (BOOLEAN_KEYS.has(key) && GO_FALSE.has(value)) return `${key}=false`
  return `${key}=${value}`
}
